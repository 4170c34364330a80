/// The official Omniglot release (zips or folders): drawings, strokes, one-shot runs, and stroke preprocessing.
public enum OmniglotDataModule {}
