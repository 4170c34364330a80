import Compression
import Files
import Foundation

/// PNG files (ISO/IEC 15948): ``decode(_:path:)`` every standard colour type and bit depth, interlaced or not;
/// ``encode(_:)`` 8-bit grey, grey+alpha, RGB and RGBA with per-row adaptive filters.
public enum PNG {
    /// The eight bytes every PNG starts with.
    static let signature: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]

    /// The largest raw (decompressed, filtered) image data accepted, 512 MiB: a guard against headers that
    /// declare absurd sizes. An 8-bit RGBA image of 11,000 x 11,000 pixels still fits.
    public static let maximumDataSize = 1 << 29

    /// Reads and decodes the PNG file at `path`.
    public static func read(path: String) throws(PNGError) -> Raster {
        guard let data = FileManager.default.contents(atPath: path) else {
            let reason = FileManager.default.fileExists(atPath: path) ? "cannot read file" : "no such file"
            throw PNGError(path: path, problem: .io(reason))
        }
        return try decode([UInt8](data), path: path)
    }

    /// Encodes `raster` and writes it to `path` under `OutputFile`'s policy (a regular file is replaced
    /// atomically: a partial file is never left behind).
    public static func write(_ raster: Raster, to path: String) throws(PNGError) {
        do {
            try OutputFile.write(Data(encode(raster)), to: path)
        } catch {
            throw PNGError(path: path, problem: .io("cannot write file: \(error.problem)"))
        }
    }
}
