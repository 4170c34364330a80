/// The register tile at the heart of `Gemm`'s packed path: 6 rows × 16 columns of C (two 8-float lanes per row)
/// held in registers while a packed A panel (6 wide) and a packed B panel (16 wide) stream through once.
///
/// 6×16 because with 256-bit registers it needs 12 accumulators + 2 for B + 1 broadcast of A = 15 of the 16
/// vector registers: the largest tile that does not spill.
enum Tile {
    typealias Lane = SIMD8<Float>
    static let rows = 6
    static let columns = 2 * Lane.scalarCount

    #if arch(x86_64)
    static let instructionSet = "AVX2 + FMA"
    #else
    static let instructionSet = "the architecture's baseline"
    #endif

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

        @inline(__always)
        func apply(to old: () -> Lane, _ product: Lane) -> Lane {
            switch self {
            case .overwrite: product
            case .add: old() + product
            case let .scaleAndAdd(beta): beta * old() + product
            }
        }

        @inline(__always)
        func apply(to old: Float, _ product: Float) -> Float {
            switch self {
            case .overwrite: product
            case .add: old + product
            case let .scaleAndAdd(beta): beta * old + product
            }
        }
    }

    /// target[i][j] = update(target[i][j], alpha · (left ++ right)[j]) for one tile row, the first `columns` entries.
    @inline(__always)
    static func store(_ left: Lane, _ right: Lane, scaledBy alpha: Float, to target: UnsafeMutablePointer<Float>,
                      columns: Int, update: Update) {
        let width = Lane.scalarCount
        let raw = UnsafeMutableRawPointer(target)
        let laneBytes = MemoryLayout<Lane>.stride
        if columns == Tile.columns {
            raw.storeBytes(of: update.apply(to: { raw.loadUnaligned(as: Lane.self) }, alpha * left), as: Lane.self)
            raw.storeBytes(of: update.apply(to: { raw.loadUnaligned(fromByteOffset: laneBytes, as: Lane.self) }, alpha * right),
                           toByteOffset: laneBytes, as: Lane.self)
        } else {
            // An edge tile: element by element, only the columns that exist.
            for j in 0..<columns {
                target[j] = update.apply(to: target[j], alpha * (j < width ? left[j] : right[j - width]))
            }
        }
    }

    /// C[i][j] = update(C[i][j], alpha · Σ_p a[p][i] · b[p][j]) over `depth` steps of the packed panels, for the
    /// top-left `rows` × `columns` of the tile (edge tiles are partial). The sums go from registers straight to C.
    ///
    /// Never inlined: inlined into a large caller (the batch-1 convolution), the register allocator kept
    /// spilling the twelve accumulators to the stack on every step; on its own it keeps them in registers,
    /// and one call per tile costs nothing against its hundreds of multiply-adds.
    @inline(never)
    static func multiply(depth: Int, a: UnsafePointer<Float>, b: UnsafePointer<Float>, alpha: Float,
                         into c: UnsafeMutablePointer<Float>, ldc: Int, rows: Int, columns: Int, update: Update) {
        let pb = UnsafeRawPointer(b)
        let laneBytes = MemoryLayout<Lane>.stride
        var sums = Sums()
        forEachStep(depth) { p in
            sums.add(a + p &* Tile.rows, pb.loadUnaligned(fromByteOffset: p &* 2 &* laneBytes, as: Lane.self),
                     pb.loadUnaligned(fromByteOffset: p &* 2 &* laneBytes &+ laneBytes, as: Lane.self))
        }
        sums.forEachRow(rows) { i, left, right in
            store(left, right, scaledBy: alpha, to: c + i &* ldc, columns: columns, update: update)
        }
    }

    /// Runs `step(p)` for p in 0..<depth, unrolled by four so the loop counter does not compete with the
    /// multiply-adds for issue slots.
    @inline(__always)
    static func forEachStep(_ depth: Int, _ step: (Int) -> Void) {
        var p = 0
        while p &+ 4 <= depth {
            step(p); step(p &+ 1); step(p &+ 2); step(p &+ 3)
            p &+= 4
        }
        while p < depth {
            step(p)
            p &+= 1
        }
    }

    /// A tile's twelve sums, held in registers while the depth steps stream past.
    struct Sums {
        var l0 = Lane(), l1 = Lane(), l2 = Lane(), l3 = Lane(), l4 = Lane(), l5 = Lane()
        var r0 = Lane(), r1 = Lane(), r2 = Lane(), r3 = Lane(), r4 = Lane(), r5 = Lane()

        /// One depth step: each of the six A values at `column`, broadcast, times the step's two B vectors.
        /// addProduct is one fused multiply-add per register: Package.swift builds this module for an ISA with
        /// FMA (without it, each lane would become a libm fmaf call).
        @inline(__always)
        mutating func add(_ column: UnsafePointer<Float>, _ left: Lane, _ right: Lane) {
            var x = Lane(repeating: column[0]); l0.addProduct(x, left); r0.addProduct(x, right)
            x = Lane(repeating: column[1]); l1.addProduct(x, left); r1.addProduct(x, right)
            x = Lane(repeating: column[2]); l2.addProduct(x, left); r2.addProduct(x, right)
            x = Lane(repeating: column[3]); l3.addProduct(x, left); r3.addProduct(x, right)
            x = Lane(repeating: column[4]); l4.addProduct(x, left); r4.addProduct(x, right)
            x = Lane(repeating: column[5]); l5.addProduct(x, left); r5.addProduct(x, right)
        }

        /// `body(i, left half, right half)` for the tile's first `rows` rows.
        @inline(__always)
        func forEachRow(_ rows: Int, _ body: (Int, Lane, Lane) -> Void) {
            if rows > 0 { body(0, l0, r0) }
            if rows > 1 { body(1, l1, r1) }
            if rows > 2 { body(2, l2, r2) }
            if rows > 3 { body(3, l3, r3) }
            if rows > 4 { body(4, l4, r4) }
            if rows > 5 { body(5, l5, r5) }
        }
    }
}
