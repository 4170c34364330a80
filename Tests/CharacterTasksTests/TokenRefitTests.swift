import Foundation
import Inference
import Language
import Random
import Tensors
import Render
import Testing
@testable import CharacterModel
@testable import CharacterTasks

@Suite struct TokenRefitTests {
    static let programs = ClassificationSupport.packageRoot.appendingPathComponent("Programs/characters").path

    /// A vertical and a horizontal bar, 40 pixels long (motor space: x right, y up; the canvas is 105 wide).
    static let vertical: [[SIMD2<Double>]] = [[[52, -20], [52, -40], [52, -60]]]
    static let horizontal: [[SIMD2<Double>]] = [[[32, -40], [52, -40], [72, -40]]]

    /// A parse of `strokes` whose token is the type itself, shifted by `shift` (location noise).
    static func parse(_ strokes: [[SIMD2<Double>]], shift: SIMD2<Double> = .zero) throws -> ImageParse {
        var token = ChoiceMap()
        for (i, stroke) in strokes.enumerated() {
            token[Address(["stroke", .index(i), "location"])] = .list([.number(shift.x), .number(shift.y)])
            for j in stroke.indices { token[Address(["stroke", .index(i), "shape", .index(j)])] = .list([.number(0), .number(0)]) }
        }
        token["scale"] = .list([.number(1), .number(1)])
        token["translation"] = .list([.number(0), .number(0)])
        token["blur_sigma"] = .number(1)
        token["epsilon"] = .number(0.001)
        return try ImageParse(strokes: strokes, token: token, logScore: 0, weight: 1)
    }

    /// The image the image model draws from a parse's token (thin, almost noiseless), sampled with a fixed seed.
    static func image(of parse: ImageParse, refit: TokenRefit) throws -> BinaryImage {
        var generator = SeededGenerator(seed: 1)
        let trace = try refit.model.generate([parse.strokesValue, .nil], constraints: parse.tokenChoices(under: "token"), using: &generator).trace
        guard case let .tensor(pixels)? = trace["image"] else { throw ClassificationError.invalidParse("no image sampled") }
        return try BinaryImage(pixels: pixels.scalars.map { $0 > 0.5 })
    }

    /// A refit finds the image its type drew: from a start shifted by 6 pixels, the refit of the vertical bar to
    /// its own image scores above the refit of the horizontal bar to it (and vice versa), and above its start.
    @Test func refitPrefersTheTypeThatDrewTheImage() throws {
        let refit = try TokenRefit(programs: Self.programs, iterations: 40)
        let verticalImage = try Self.image(of: try Self.parse(Self.vertical), refit: refit)
        let horizontalImage = try Self.image(of: try Self.parse(Self.horizontal), refit: refit)
        let shiftedVertical = try Self.parse(Self.vertical, shift: [6, 4]), shiftedHorizontal = try Self.parse(Self.horizontal, shift: [-5, 6])
        let vv = try refit.refit(shiftedVertical, to: verticalImage).score, hv = try refit.refit(shiftedHorizontal, to: verticalImage).score
        let hh = try refit.refit(shiftedHorizontal, to: horizontalImage).score, vh = try refit.refit(shiftedVertical, to: horizontalImage).score
        #expect(vv > hv && hh > vh, "vv \(vv) hv \(hv) hh \(hh) vh \(vh)")
        // The start (blur and noise reset) scores below the refit: the optimiser only climbs.
        var start = shiftedVertical.tokenChoices(under: "token")
        start[Address(["token", "blur_sigma"])] = .number(refit.startBlur)
        start[Address(["token", "epsilon"])] = .number(refit.startEpsilon)
        let pixels = Value.tensor(.init(shape: [105, 105], scalars: verticalImage.pixels))
        let startScore = try refit.model.assess([shiftedVertical.strokesValue, pixels], choices: start).logProbability
        #expect(vv > startScore)
    }

    /// Parses round-trip through their stored form, choices and all.
    @Test func parsesRoundTripThroughJSON() throws {
        let parse = try Self.parse(Self.vertical, shift: [1.5, -2])
        let decoded = try JSONDecoder().decode(ImageParse.self, from: try JSONEncoder().encode(parse))
        #expect(decoded == parse)
        #expect(decoded.tokenChoices(under: "token")[Address(["token", "stroke", .index(0), "location"])]?.description == "[1.5, -2]")
    }

    /// A cached parse rebuilds the run of `generate_character` it came from: every choice, and the score.
    @Test func cachedParsesRebuildTheirRun() throws {
        let refit = try TokenRefit(programs: Self.programs, iterations: 40)
        let image = try Self.image(of: try Self.parse(Self.vertical), refit: refit)
        let refinement = try CharacterParser(networks: try TypePriorNetworks.bundled(), programs: Self.programs).refinement
        let refined = try refinement.refine(try refinement.start(strokes: Self.vertical, image: image))
        var token = ChoiceMap()
        let namespace = Address.name("token")
        for (address, entry) in refined.entries where address.hasPrefix(namespace) && address != namespace {
            token[Address(Array(address.components.dropFirst()))] = entry.value
        }
        guard case let .record(character) = refined.returnValue, let strokeValues = character["strokes"] else {
            Issue.record("generate_character returned \(refined.returnValue.typeName)")
            return
        }
        let strokes = try StrokeValues.strokes(strokeValues.detached, "strokes", argument: 0)
        let cached = try ImageParse(strokes: strokes, token: token, logScore: refined.score, weight: 1)
        let rebuilt = try cached.run(of: refinement.model, image: image)
        #expect(abs(rebuilt.score - refined.score) < 1e-9 * abs(refined.score))
        // Every choice comes back: the type's from the strokes, the token's from the cache.
        #expect(Set(rebuilt.addresses) == Set(refined.addresses))
        // (up to rounding: the type's offsets are rebuilt from absolute control points).
        func numbers(_ value: Value?) -> [Double] {
            switch value {
            case let .number(x)?: [x]
            case let .bool(b)?: [b ? 1 : 0]
            case let .list(items)?: items.flatMap { numbers($0) }
            default: []
            }
        }
        for address in refined.addresses where refined.entries[address]?.origin != .observed {
            let (a, b) = (numbers(rebuilt[address]), numbers(refined[address]))
            #expect(a.count == b.count && !a.isEmpty && zip(a, b).allSatisfy { abs($0 - $1) < 1e-9 * max(1, abs($1)) }, "\(address)")
        }
    }
}
