import Arguments
import CharacterTasks
import Dispatch
import Foundation
import Images
import OmniglotData
import Render

/// `gns-bench proposals`: wall time of the bottom-up proposals (skeleton, graph, random walks, spline fits) per
/// Omniglot image, optionally writing the proposal pictures of a few of them.
enum ProposalsBench {
    static let command = Subcommand(
        CommandSpec(
            name: "proposals",
            summary: "Time bottom-up parse proposals on Omniglot images (one-shot run training images or background drawings).",
            options: [
                .value("data", "DIR", help: "Omniglot release folder (else $GNS_DATA, else ../shared/omniglot)."),
                .value("set", "runs|background", help: "Images from the one-shot runs (training images, run by run) or evenly spread background drawings.", default: "runs"),
                .value("images", "N", help: "Images timed.", default: "50"),
                .value("walks", "N", help: "Random walks per image.", default: "150"),
                .value("seed", "N", help: "Walk seed.", default: "1"),
                .value("pictures", "DIR", help: "Write proposal pictures of a few of the images into DIR."),
                .value("picture-count", "N", help: "How many pictures, spread evenly over the images.", default: "4"),
            ]
        )
    ) { arguments in
        let count = try arguments.int("images") ?? 50
        let walks = try arguments.int("walks") ?? 150
        let seed = try arguments.int("seed") ?? 1
        let pictureCount = try arguments.int("picture-count") ?? 4
        let set = arguments.string("set") ?? "runs"
        guard count >= 1, walks >= 1, seed >= 0, pictureCount >= 0, ["runs", "background"].contains(set) else {
            standardError("gns-bench proposals: --images, --walks and --picture-count must be positive, --seed non-negative, --set runs or background")
            return 2
        }
        do {
            let directory = try OmniglotDirectory.resolve(option: arguments.string("data"))
            let images = try set == "runs" ? runImages(directory, count: count) : backgroundImages(directory, count: count)
            let pictured = Set((0..<min(pictureCount, images.count)).map { $0 * images.count / max(pictureCount, 1) })
            var times: [Double] = [], parses: [Int] = [], edges: [Int] = []
            for (index, (name, image)) in images.enumerated() {
                let start = DispatchTime.now()
                let proposals = try BottomUpParser.proposals(for: image, limit: walks, seed: UInt64(seed))
                times.append(Double(DispatchTime.now().uptimeNanoseconds - start.uptimeNanoseconds) / 1e6)
                parses.append(proposals.parses.count)
                edges.append(proposals.graph.edges.count)
                if let folder = arguments.string("pictures"), pictured.contains(index) {
                    let path = folder + "/proposals-" + name.replacingOccurrences(of: "/", with: "-") + ".png"
                    try PNG.write(ProposalSheet.raster(image: image, proposals: proposals, count: 9), to: path)
                    print("wrote \(path)")
                }
            }
            func median(_ values: [Double]) -> Double {
                let sorted = values.sorted()
                return sorted.count % 2 == 1 ? sorted[sorted.count / 2] : (sorted[sorted.count / 2 - 1] + sorted[sorted.count / 2]) / 2
            }
            print("bottom-up proposals, \(images.count) \(set) images, \(walks) walks each, seed \(seed), cores: \(ProcessInfo.processInfo.activeProcessorCount)")
            print(String(format: "time per image (ms): min %.1f  median %.1f  max %.1f", times.min()!, median(times), times.max()!))
            print(String(format: "distinct parses per image: median %.0f  max %d; graph edges: median %.0f  max %d",
                         median(parses.map(Double.init)), parses.max()!, median(edges.map(Double.init)), edges.max()!))
            return 0
        } catch {
            standardError("\(error)")
            return 1
        }
    }

    /// The ink of a 105x105 Omniglot raster (ink intensity above one half).
    static func binary(_ raster: Raster, name: String) throws -> BinaryImage {
        guard raster.width == Coordinates.canvasSize, raster.height == Coordinates.canvasSize else {
            throw OmniglotError.unexpectedLayout(path: name, reason: "image is \(raster.width)x\(raster.height), not 105x105")
        }
        return try BinaryImage(pixels: raster.inkIntensities().map { $0 > 0.5 })
    }

    /// The first `count` training images of the one-shot runs, run by run.
    static func runImages(_ directory: OmniglotDirectory, count: Int) throws -> [(String, BinaryImage)] {
        let runs = try OneShotRuns(in: directory)
        return try runs.runs.flatMap(\.trainingImages).prefix(count).map { path in (path, try binary(runs.image(path), name: path)) }
    }

    /// `count` background drawings spread evenly over the set.
    static func backgroundImages(_ directory: OmniglotDirectory, count: Int) throws -> [(String, BinaryImage)] {
        let dataset = try OmniglotDataset(.background, in: directory)
        let drawings = dataset.drawings
        let chosen = (0..<min(count, drawings.count)).map { drawings[$0 * drawings.count / min(count, drawings.count)] }
        return try chosen.map { drawing in (drawing.key, try binary(dataset.image(of: drawing), name: drawing.imagePath)) }
    }
}
