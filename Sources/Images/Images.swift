/// Greyscale and colour raster images, PNG decoding and encoding.
public enum ImagesModule {}
