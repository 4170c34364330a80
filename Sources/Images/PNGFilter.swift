/// The five PNG row filters (None, Sub, Up, Average, Paeth): undoing them when decoding, choosing and
/// applying them when encoding.
enum PNGFilter {
    /// The Paeth predictor: whichever of left, up and up-left is closest to left + up - up-left.
    @inline(__always)
    static func paeth(_ a: Int, _ b: Int, _ c: Int) -> Int {
        let p = a + b - c
        let pa = abs(p - a), pb = abs(p - b), pc = abs(p - c)
        if pa <= pb && pa <= pc { return a }
        return pb <= pc ? b : c
    }

    /// Unfilters `rows` rows in place, each a filter byte and `rowBytes` data bytes, starting at `start`.
    /// `firstRowNumber` only labels errors (rows are counted across Adam7 passes).
    static func unfilter(
        _ data: inout [UInt8], start: Int, rows: Int, rowBytes: Int, stride bpp: Int, firstRowNumber: Int
    ) throws(PNGError.Problem) {
        let zeros = [UInt8](repeating: 0, count: rowBytes)
        var failure: PNGError.Problem?
        data.withUnsafeMutableBufferPointer { buffer in
            zeros.withUnsafeBufferPointer { zeroRow in
                guard let base = buffer.baseAddress, let zeroBase = zeroRow.baseAddress else { return }
                var previous = UnsafePointer(zeroBase)
                for row in 0..<rows {
                    let filterByte = start + row * (rowBytes + 1)
                    let line = base + filterByte + 1
                    switch buffer[filterByte] {
                    case 0: break
                    case 1:
                        for i in bpp..<max(bpp, rowBytes) { line[i] &+= line[i - bpp] }
                    case 2:
                        for i in 0..<rowBytes { line[i] &+= previous[i] }
                    case 3:
                        for i in 0..<min(bpp, rowBytes) { line[i] &+= previous[i] >> 1 }
                        for i in bpp..<max(bpp, rowBytes) { line[i] &+= UInt8((Int(line[i - bpp]) + Int(previous[i])) >> 1) }
                    case 4:
                        for i in 0..<min(bpp, rowBytes) { line[i] &+= previous[i] }
                        for i in bpp..<max(bpp, rowBytes) {
                            line[i] &+= UInt8(paeth(Int(line[i - bpp]), Int(previous[i]), Int(previous[i - bpp])))
                        }
                    default:
                        failure = .badFilter(type: Int(buffer[filterByte]), row: firstRowNumber + row)
                        return
                    }
                    previous = UnsafePointer(line)
                }
            }
        }
        if let failure { throw failure }
    }

    /// Filters `rows` rows of `rowBytes` bytes from `pixels`, choosing per row the filter whose output has the
    /// smallest sum of absolute values (as signed bytes), the heuristic libpng recommends; returns the filtered
    /// rows, each preceded by its filter byte.
    static func filter(_ pixels: [UInt8], rows: Int, rowBytes: Int, stride bpp: Int) -> [UInt8] {
        var output = [UInt8](repeating: 0, count: rows * (rowBytes + 1))
        var candidate = [UInt8](repeating: 0, count: rowBytes)
        let zeros = [UInt8](repeating: 0, count: rowBytes)
        for row in 0..<rows {
            let line = row * rowBytes
            var bestCost = Int.max
            for type in 0..<5 {
                var cost = 0
                for i in 0..<rowBytes {
                    let a = i >= bpp ? Int(pixels[line + i - bpp]) : 0
                    let b = row > 0 ? Int(pixels[line - rowBytes + i]) : Int(zeros[i])
                    let c = i >= bpp && row > 0 ? Int(pixels[line - rowBytes + i - bpp]) : 0
                    let predictor: Int
                    switch type {
                    case 0: predictor = 0
                    case 1: predictor = a
                    case 2: predictor = b
                    case 3: predictor = (a + b) >> 1
                    default: predictor = paeth(a, b, c)
                    }
                    let value = UInt8(truncatingIfNeeded: Int(pixels[line + i]) - predictor)
                    candidate[i] = value
                    cost += abs(Int(Int8(bitPattern: value)))
                }
                if cost < bestCost {
                    bestCost = cost
                    let out = row * (rowBytes + 1)
                    output[out] = UInt8(type)
                    for i in 0..<rowBytes { output[out + 1 + i] = candidate[i] }
                }
            }
        }
        return output
    }
}
