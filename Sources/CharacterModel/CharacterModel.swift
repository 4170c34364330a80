/// The GNS character model's Swift half: the networks and renderer as language builtins (the programs in
/// `Programs/characters/` call them), the bundled weights and the type-prior scorer. Training lives in
/// `CharacterTraining`, what users do with the model in `CharacterTasks`.
public enum CharacterModelModule {}
