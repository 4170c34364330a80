/// The GNS character model: the networks and renderer as language builtins, the bundled weights, and the
/// training data drawn from Omniglot.
public enum CharacterModelModule {}
