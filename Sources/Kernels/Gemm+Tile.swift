/// The register tile at the heart of `Gemm`: 6 rows × 16 columns of C held in SIMD registers while a
/// packed A panel (6 wide) and a packed B panel (16 wide) stream through once.
///
/// 6×16 because with 256-bit registers it needs 12 accumulators + 2 for B + 1 broadcast of A = 15 of
/// the 16 vector registers: the largest tile that does not spill.
enum Tile {
    static let rows = 6
    static let columns = 16

    typealias Row = SIMD16<Float>

    /// The 6×16 block of sums, one SIMD row each.
    struct Accumulator {
        var r0 = Row(), r1 = Row(), r2 = Row(), r3 = Row(), r4 = Row(), r5 = Row()

        @inline(__always)
        func row(_ i: Int) -> Row {
            switch i {
            case 0: r0
            case 1: r1
            case 2: r2
            case 3: r3
            case 4: r4
            default: r5
            }
        }

        /// target[i][j] += alpha · self[i][j] for the top-left rows × columns (edge tiles are partial).
        @inline(__always)
        func add(scaledBy alpha: Float, to target: UnsafeMutablePointer<Float>, ldc: Int, rows: Int, columns: Int) {
            if columns == Tile.columns {
                for i in 0..<rows {
                    let raw = UnsafeMutableRawPointer(target + i * ldc)
                    let sum = raw.loadUnaligned(as: Row.self) + alpha * row(i)
                    raw.storeBytes(of: sum, as: Row.self)
                }
            } else {
                for i in 0..<rows {
                    let row = target + i * ldc
                    let sums = self.row(i)
                    for j in 0..<columns { row[j] += alpha * sums[j] }
                }
            }
        }
    }

    /// tile = Σ_p a[p][0..<6]ᵀ · b[p][0..<16] over `depth` steps of the packed panels.
    @inline(__always)
    static func multiply(depth: Int, a: UnsafePointer<Float>, b: UnsafePointer<Float>, into tile: inout Accumulator) {
        var c0 = Row(), c1 = Row(), c2 = Row(), c3 = Row(), c4 = Row(), c5 = Row()
        var pa = a
        let rawB = UnsafeRawPointer(b)
        for p in 0..<depth {
            // addingProduct is one fused multiply-add per register: Package.swift builds this module for
            // an ISA with FMA (without it, each lane would become a libm fmaf call).
            let row = rawB.loadUnaligned(fromByteOffset: p * columns * MemoryLayout<Float>.size, as: Row.self)
            c0.addProduct(Row(repeating: pa[0]), row)
            c1.addProduct(Row(repeating: pa[1]), row)
            c2.addProduct(Row(repeating: pa[2]), row)
            c3.addProduct(Row(repeating: pa[3]), row)
            c4.addProduct(Row(repeating: pa[4]), row)
            c5.addProduct(Row(repeating: pa[5]), row)
            pa += rows
        }
        tile = Accumulator(r0: c0, r1: c1, r2: c2, r3: c3, r4: c4, r5: c5)
    }
}
