import CharacterTasks
import Render

/// Where `gns parse` gets candidate stroke sets. TEMPORARY until the bottom-up parser (branch `proposals`) is merged.
enum ProposalSource {
    static func candidates(for image: BinaryImage, limit: Int, seed: UInt64) throws -> [[[SIMD2<Double>]]] {
        throw CharacterTaskError.noCandidates
    }
}
