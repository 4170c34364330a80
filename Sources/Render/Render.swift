/// The symbolic renderer: B-splines, ink painting, broaden/blur and the Bernoulli image likelihood, all differentiable.
public enum RenderModule {}
