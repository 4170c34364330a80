/// A canonical Huffman code prepared for encoding: per symbol its length and its bit-reversed code,
/// ready for ``BitWriter`` (DEFLATE sends Huffman codes most significant bit first).
struct HuffmanEncoder {
    let lengths: [UInt8]
    let codes: [UInt16]

    /// The canonical code for the given lengths (as RFC 1951 section 3.2.2 assigns it).
    init(lengths: [UInt8]) {
        var counts = [Int](repeating: 0, count: 16)
        for length in lengths where length > 0 { counts[Int(length)] += 1 }
        var next = [Int](repeating: 0, count: 16)
        var code = 0
        for length in 1...15 {
            code = (code + counts[length - 1]) << 1
            next[length] = code
        }
        var codes = [UInt16](repeating: 0, count: lengths.count)
        for (symbol, length) in lengths.enumerated() where length > 0 {
            codes[symbol] = UInt16(HuffmanDecoder.reverse(next[Int(length)], bits: Int(length)))
            next[Int(length)] += 1
        }
        self.lengths = lengths
        self.codes = codes
    }

    /// Writes `symbol`'s code.
    @inline(__always)
    func write(_ symbol: Int, to writer: inout BitWriter) {
        writer.write(Int(codes[symbol]), bits: Int(lengths[symbol]))
    }

    /// Optimal code lengths for `frequencies`, at most `limit` bits long.
    ///
    /// Huffman's algorithm (two sorted queues); when the tree is deeper than `limit`, the frequencies are halved
    /// (rounding up, so used symbols stay used) and the code rebuilt, which converges quickly and costs little.
    /// At least two symbols always get a code, so the code is complete (some decoders reject one-code sets).
    static func lengths(for frequencies: [Int], limit: Int) -> [UInt8] {
        var weights = frequencies
        var used = weights.indices.filter { weights[$0] > 0 }
        for symbol in weights.indices where used.count < 2 && weights[symbol] == 0 {
            weights[symbol] = 1
            used.append(symbol)
        }
        used.sort { weights[$0] != weights[$1] ? weights[$0] < weights[$1] : $0 < $1 }
        while true {
            let depths = treeDepths(weights: used.map { weights[$0] })
            if depths.max() ?? 0 <= limit {
                var lengths = [UInt8](repeating: 0, count: frequencies.count)
                for (rank, symbol) in used.enumerated() { lengths[symbol] = UInt8(depths[rank]) }
                return lengths
            }
            for symbol in used { weights[symbol] = (weights[symbol] + 1) / 2 }
        }
    }

    /// Leaf depths of a Huffman tree over `weights` sorted ascending.
    private static func treeDepths(weights: [Int]) -> [Int] {
        let leafCount = weights.count
        // Nodes 0..<leafCount are leaves; internal nodes are appended in order of creation, which is also
        // ascending weight, so two queues (leaves, internals) replace a heap.
        var nodeWeights = weights
        var parents = [Int](repeating: -1, count: 2 * leafCount - 1)
        var nextLeaf = 0
        var nextInternal = leafCount
        func takeSmallest() -> Int {
            if nextLeaf < leafCount && (nextInternal >= nodeWeights.count || nodeWeights[nextLeaf] <= nodeWeights[nextInternal]) {
                nextLeaf += 1
                return nextLeaf - 1
            }
            nextInternal += 1
            return nextInternal - 1
        }
        for _ in 0..<(leafCount - 1) {
            let a = takeSmallest()
            let b = takeSmallest()
            parents[a] = nodeWeights.count
            parents[b] = nodeWeights.count
            nodeWeights.append(nodeWeights[a] + nodeWeights[b])
        }
        var depths = [Int](repeating: 0, count: 2 * leafCount - 1)
        for node in stride(from: 2 * leafCount - 3, through: 0, by: -1) { depths[node] = depths[parents[node]] + 1 }
        return Array(depths[0..<leafCount])
    }
}
