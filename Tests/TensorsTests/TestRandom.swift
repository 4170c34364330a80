import Random
@testable import Tensors

/// Seeded test inputs: random tensors and shapes, reproducible from the seed.
struct TestRandom: RandomNumberGenerator {
    private var generator: SeededGenerator

    init(seed: UInt64) { generator = SeededGenerator(seed: seed) }

    mutating func next() -> UInt64 { generator.next() }

    /// A tensor with elements uniform in `range`.
    mutating func tensor(_ shape: [Int], in range: ClosedRange<Float> = -1...1) -> Tensor {
        Tensor(shape: shape, scalars: (0..<shape.reduce(1, *)).map { _ in Float.random(in: range, using: &self) })
    }

    /// A tensor whose elements are at least `gap` from each other and from zero (for ops with kinks
    /// or ties: relu, abs, max), a shuffled grid scaled to about [-1, 1].
    mutating func separatedTensor(_ shape: [Int], gap: Float = 0.05) -> Tensor {
        let n = shape.reduce(1, *)
        var values = (0..<n).map { Float($0 - n / 2) * gap + gap / 2 }
        values.shuffle(using: &self)
        return Tensor(shape: shape, scalars: values)
    }

    /// A random shape of the given rank with extents in `extents`.
    mutating func shape(rank: Int, extents: ClosedRange<Int> = 1...4) -> [Int] {
        (0..<rank).map { _ in Int.random(in: extents, using: &self) }
    }

    /// A shape that broadcasts against `shape`: some axes set to 1 and some leading axes dropped.
    mutating func broadcastPartner(of shape: [Int]) -> [Int] {
        let dropped = Int.random(in: 0...shape.count, using: &self)
        return shape.dropFirst(dropped).map { Bool.random(using: &self) ? 1 : $0 }
    }
}
