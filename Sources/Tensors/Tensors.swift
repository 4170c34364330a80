/// N-dimensional Float tensors, the reverse-mode autodiff tape, optimizers and safetensors I/O.
public enum TensorsModule {}
