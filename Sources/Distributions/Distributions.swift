/// Probability distributions as values: sampling, log-density and its gradients.
public enum DistributionsModule {}
