/// DEFLATE inflate/deflate, zlib and CRC-32/Adler-32 checksums, and a ZIP archive reader.
public enum CompressionModule {}
