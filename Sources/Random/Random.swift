/// Seeded, splittable random number generation and the standard samplers (normal, uniform, gamma, beta, categorical). No global state: a generator is threaded through explicitly.
public enum RandomModule {}
