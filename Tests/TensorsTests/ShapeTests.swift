import Testing
@testable import Tensors

@Suite struct ShapeTests {
    @Test func forwardMovesTheRightElements() {
        let x = Tensor(shape: [2, 3], scalars: [0, 1, 2, 3, 4, 5])
        #expect(x.reshaped([3, -1]).shape == [3, 2])
        #expect(x.permuted([1, 0]).scalars == [0, 3, 1, 4, 2, 5])
        #expect(x.sliced(axis: 1, 1..<3).scalars == [1, 2, 4, 5])
        #expect(x.gathered(axis: 1, indices: [2, 0, 2]).scalars == [2, 0, 2, 5, 3, 5])
        #expect(x.gathered(axis: 1, indices: [1, 2, 0, 1]).scalars == [1, 2, 0, 1, 4, 5, 3, 4])
        #expect(Tensor.consecutiveRuns([4, 5, 6, 2, 3, 3]).map { [$0.first, $0.count] } == [[4, 3], [2, 2], [3, 1]])
        let joined = Tensor.concatenate([x, Tensor(shape: [2, 1], scalars: [9, 9])], axis: 1)
        #expect(joined.scalars == [0, 1, 2, 9, 3, 4, 5, 9])
        let parts = joined.split([1, 3], axis: 1)
        #expect(parts[0].scalars == [0, 3])
        #expect(parts[1].scalars == [1, 2, 9, 4, 5, 9])
        let stacked = Tensor.stack([Tensor([1, 2]), Tensor([3, 4]), Tensor([5, 6])], axis: 1)
        #expect(stacked.shape == [2, 3] && stacked.scalars == [1, 3, 5, 2, 4, 6])
        #expect(Tensor.stack([Tensor(1.0), Tensor(2.0)]).scalars == [1, 2])
        let cube = Tensor(shape: [2, 3, 4], scalars: (0..<24).map(Float.init))
        let moved = cube.permuted([2, 0, 1])
        #expect(moved.shape == [4, 2, 3])
        #expect(moved[3, 1, 2] == cube[1, 2, 3])
    }

    /// Every order of a rank-4 tensor (extents 3, 1, 17, 18: over one 16-element transpose tile, with a unit axis)
    /// moves element (a, b, c, d) to the place the order names.
    @Test func everyPermutationMovesEachElement() {
        let extents = [3, 1, 17, 18]
        let source = Tensor(shape: extents, scalars: (0..<extents.reduce(1, *)).map(Float.init))
        func permutations(_ items: [Int]) -> [[Int]] {
            items.isEmpty ? [[]] : items.flatMap { first in permutations(items.filter { $0 != first }).map { [first] + $0 } }
        }
        for order in permutations([0, 1, 2, 3]) {
            let moved = source.permuted(order)
            #expect(moved.shape == order.map { extents[$0] })
            var mismatches = 0
            for a in 0..<3 { for b in 0..<1 { for c in 0..<17 { for d in 0..<18 {
                let position = [a, b, c, d]
                if moved[position[order[0]], position[order[1]], position[order[2]], position[order[3]]]
                    != source[a, b, c, d] { mismatches += 1 }
            } } } }
            #expect(mismatches == 0, "order \(order)")
        }
    }

    @Test func gradients() {
        var random = TestRandom(seed: 31)
        let x = random.tensor([2, 3, 4])
        checkGradients([x]) { xs in xs[0].reshaped([4, 6]) }
        checkGradients([x]) { xs in xs[0].permuted([2, 0, 1]) }
        checkGradients([x]) { xs in xs[0].sliced(axis: 1, 1..<3) }
        checkGradients([x]) { xs in xs[0].gathered(axis: -1, indices: [3, 0, 3, 1]) }
        // Runs of consecutive indices (copied as blocks), overlapping ones included: 1-2, then 0-1.
        checkGradients([x]) { xs in xs[0].gathered(axis: 1, indices: [1, 2, 0, 1]) }
        checkGradients([x]) { xs in xs[0].split([1, 2], axis: 1)[1] * 2 }
        checkGradients([Tensor(0.5), Tensor(-1.5), Tensor(2.0)]) { xs in Tensor.stack(xs) * Tensor([1, 2, 3]) }
        checkGradients([x, random.tensor([2, 3, 4])]) { xs in Tensor.stack(xs, axis: 2) }
        checkGradients([x, random.tensor([2, 1, 4])]) { xs in Tensor.concatenate([xs[0], xs[1], xs[0]], axis: 1) }
    }
}
