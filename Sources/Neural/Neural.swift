/// Neural layers, mixture-density heads and the three GNS networks.
public enum NeuralModule {}
