/// The register tile at the heart of `Gemm`'s packed path: 6 rows × 16 columns of C held in SIMD
/// registers while a packed A panel (6 wide) and a packed B panel (16 wide) stream through once.
///
/// 6×16 because with 256-bit registers it needs 12 accumulators + 2 for B + 1 broadcast of A = 15 of
/// the 16 vector registers: the largest tile that does not spill.
enum Tile {
    static let rows = 6
    static let columns = 16

    typealias Row = SIMD16<Float>

    /// How a finished tile meets C: the first depth block applies beta (beta == 0 writes without reading,
    /// so NaN garbage in C is cleared); later depth blocks add onto what the first one stored.
    enum Update {
        case overwrite
        case add
        case scaleAndAdd(Float)

        /// The update for the first depth block under `beta`; later blocks always `add`.
        init(beta: Float) {
            self = beta == 0 ? .overwrite : beta == 1 ? .add : .scaleAndAdd(beta)
        }
    }

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

        /// target[i][j] = update(target[i][j], alpha · self[i][j]) for the top-left rows × columns (edge tiles are partial).
        @inline(__always)
        func store(scaledBy alpha: Float, to target: UnsafeMutablePointer<Float>, ldc: Int, rows: Int, columns: Int,
                   update: Update) {
            if columns == Tile.columns {
                for i in 0..<rows {
                    let raw = UnsafeMutableRawPointer(target + i * ldc)
                    let product = alpha * row(i)
                    let result: Row
                    switch update {
                    case .overwrite: result = product
                    case .add: result = raw.loadUnaligned(as: Row.self) + product
                    case let .scaleAndAdd(beta): result = beta * raw.loadUnaligned(as: Row.self) + product
                    }
                    raw.storeBytes(of: result, as: Row.self)
                }
            } else {
                for i in 0..<rows {
                    let line = target + i * ldc
                    let sums = row(i)
                    for j in 0..<columns {
                        let product = alpha * sums[j]
                        switch update {
                        case .overwrite: line[j] = product
                        case .add: line[j] += product
                        case let .scaleAndAdd(beta): line[j] = beta * line[j] + product
                        }
                    }
                }
            }
        }
    }

    /// tile = Σ_p a[p][0..<6]ᵀ · b[p][0..<16] over `depth` steps of the packed panels.
    @inline(__always)
    static func multiply(depth: Int, a: UnsafePointer<Float>, b: UnsafePointer<Float>, into tile: inout Accumulator) {
        var c0 = Row(), c1 = Row(), c2 = Row(), c3 = Row(), c4 = Row(), c5 = Row()
        var pa = a
        var pb = UnsafeRawPointer(b)
        // One depth step: a broadcast of each A element times the B row. addProduct is one fused
        // multiply-add per register: Package.swift builds this module for an ISA with FMA (without it,
        // each lane would become a libm fmaf call).
        @inline(__always) func step(_ offset: Int) {
            let row = pb.loadUnaligned(fromByteOffset: offset &* (columns &* 4), as: Row.self)
            let column = pa + offset &* rows
            c0.addProduct(Row(repeating: column[0]), row)
            c1.addProduct(Row(repeating: column[1]), row)
            c2.addProduct(Row(repeating: column[2]), row)
            c3.addProduct(Row(repeating: column[3]), row)
            c4.addProduct(Row(repeating: column[4]), row)
            c5.addProduct(Row(repeating: column[5]), row)
        }
        // Unrolled by four so the loop counter and pointer updates do not compete with the 12 FMAs
        // per step for issue slots.
        var remaining = depth
        while remaining >= 4 {
            step(0); step(1); step(2); step(3)
            pa += 4 &* rows
            pb += 4 &* columns &* 4
            remaining &-= 4
        }
        while remaining > 0 {
            step(0)
            pa += rows
            pb += columns &* 4
            remaining &-= 1
        }
        tile = Accumulator(r0: c0, r1: c1, r2: c2, r3: c3, r4: c4, r5: c5)
    }
}
