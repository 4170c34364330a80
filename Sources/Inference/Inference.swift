/// Traces, choice maps and selections; simulate, generate, assess, update, gradients; importance sampling, MH, MAP and Laplace.
public enum InferenceModule {}
