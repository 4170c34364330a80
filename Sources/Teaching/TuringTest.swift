import Foundation
import Images
import OmniglotData
import Random
import Render

/// New drawings of a character made by a machine, for the visual Turing test.
public protocol ExemplarSource {
    /// What the machine is, as the page and the report describe it.
    var description: String { get }
    /// `count` new exemplars of the character `drawing` shows (105x105 grey images, ink dark), using `seed`.
    func exemplars(of drawing: Drawing, in dataset: OmniglotDataset, count: Int, seed: UInt64) throws -> [Raster]
}

/// A visual Turing test as a self-contained web page: each trial shows a character and two 3x3 grids of new
/// drawings of it, one by people and one by a machine, in random order; the judge picks the machine's. The page
/// reports how often the judge was right with a 95% Wilson interval (50% means the grids cannot be told apart)
/// and offers the answers as a JSON download.
public enum TuringTest {
    /// One trial as the page gets it: images as `data:` URLs.
    public struct Trial: Codable, Sendable {
        /// The character (`Greek, character 5`).
        public let label: String
        /// The drawing the exemplars are of.
        public let target: String
        /// Two grids of nine images.
        public let grids: [[String]]
        /// Which grid (0 or 1) the machine drew.
        public let machineGrid: Int
    }

    /// `count` trials from `dataset`, characters picked by `seed`: for each, one drawing is the target, nine other
    /// drawers' strokes rendered by `HumanStrokeRendering` form the people's grid, and `machine` draws the other.
    public static func trials(from dataset: OmniglotDataset, count: Int, seed: UInt64, machine: any ExemplarSource) throws -> [Trial] {
        var generator = SeededGenerator(seed: seed)
        let characters = Dictionary(grouping: dataset.drawings.filter { $0.strokePath != nil }) { "\($0.alphabet)/\($0.character)" }
            .filter { $0.value.count >= 10 }
        let chosen = characters.keys.sorted().shuffled(using: &generator).prefix(count)
        guard chosen.count == count else {
            throw TeachingError("the data have \(characters.count) characters with 10 or more drawings with strokes; \(count) trials asked for")
        }
        let renderer = Renderer()
        let rendering = HumanStrokeRendering()
        return try chosen.enumerated().map { index, key in
            let drawings = characters[key]!.shuffled(using: &generator)
            let target = drawings[0]
            let people = try drawings[1...9].map { drawing in
                let splines = try rendering.splines(try dataset.strokes(of: drawing), label: drawing.key)
                return Self.raster(ink: rendering.render(splines: splines, with: renderer).combined)
            }
            let drawn = try machine.exemplars(of: target, in: dataset, count: 9, seed: seed &+ UInt64(index))
            let machineGrid = Int(generator.next() % 2)
            let grids = machineGrid == 0 ? [drawn, people] : [people, drawn]
            return Trial(label: "\(target.alphabet.replacingOccurrences(of: "_", with: " ")), character \(target.character)",
                         target: Page.dataURL(try dataset.image(of: target)),
                         grids: grids.map { $0.map(Page.dataURL) }, machineGrid: machineGrid)
        }
    }

    /// A 105x105 ink map (0 paper ... 1 ink) as a grey image.
    public static func raster(ink: [Float]) -> Raster {
        Raster(width: 105, height: 105, channels: 1, pixels: ink.map { UInt8((255 * (1 - min(1, max(0, $0)))).rounded()) })
    }

    /// The page for `trials`; `machineDescription` says where the machine's drawings come from.
    public static func html(trials: [Trial], machineDescription: String) throws -> String {
        struct Payload: Encodable {
            let trials: [Trial]
            let machine: String
        }
        return Page.document(
            title: "Visual Turing test: handwritten characters",
            style: ".grids { display: flex; gap: 2.5em; align-items: flex-start; } .grids button { padding: 8px; }",
            body: """
            <h1>Which grid did the machine draw?</h1>
            <p class="note">The character on the left was drawn once. Both grids hold nine new drawings of it: one grid by people, one by a machine. Click the grid you think the machine drew. If you cannot tell, you will be right about half the time.</p>
            <p class="note" id="machine-note"></p>
            <div id="game">
              <p class="status" id="progress">Trial 1 of \(trials.count)</p>
              <div class="grids">
                <div><p>Character:</p><img class="char" id="target" alt="target character"></div>
                <button class="pick" id="grid0" data-index="0"><p>Grid A</p><div class="grid3"></div></button>
                <button class="pick" id="grid1" data-index="1"><p>Grid B</p><div class="grid3"></div></button>
              </div>
            </div>
            <div id="results" class="hidden">
              <h2>How well could you tell?</h2>
              <p id="summary"></p>
              <div id="chart"></div>
              <p class="note">The bar is the share of trials where you found the machine, the whisker its 95% Wilson interval, the dashed line 50% (no better than a coin).</p>
              <p><a id="save" download="turing-answers.json">Save my answers (JSON)</a></p>
            </div>
            """,
            data: try Page.json(Payload(trials: trials, machine: machineDescription)),
            script: Page.scriptLibrary + """
            const answers = [];
            document.getElementById("machine-note").textContent = `Machine: ${DATA.machine}`;
            function show() {
              const trial = DATA.trials[answers.length];
              document.getElementById("progress").textContent = `Trial ${Math.min(answers.length + 1, DATA.trials.length)} of ${DATA.trials.length}`;
              if (!trial) return finish();
              document.getElementById("target").src = trial.target;
              trial.grids.forEach((grid, g) => {
                document.querySelector(`#grid${g} .grid3`).replaceChildren(...grid.map(src => el("img", {class: "char", src: src, alt: ""})));
              });
            }
            function choose(grid) {
              if (answers.length >= DATA.trials.length) return;
              answers.push(grid);
              show();
            }
            // Wilson score interval for k successes in n trials, 95% (z = 1.96), as percentages.
            function wilson(k, n) {
              const z = 1.959963984540054, p = k / n, d = 1 + z * z / n;
              const centre = (p + z * z / (2 * n)) / d, half = z * Math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / d;
              return [100 * Math.max(0, centre - half), 100 * Math.min(1, centre + half)];
            }
            function finish() {
              document.getElementById("game").classList.add("hidden");
              document.getElementById("results").classList.remove("hidden");
              const n = DATA.trials.length;
              const found = answers.filter((a, i) => a === DATA.trials[i].machineGrid).length;
              const [low, high] = wilson(found, n);
              document.getElementById("summary").textContent =
                `You found the machine in ${found} of ${n} trials: ${(100 * found / n).toFixed(0)}% (95% interval ${low.toFixed(1)}% to ${high.toFixed(1)}%).`;
              document.getElementById("chart").append(barChart("result-chart", [
                {label: "you", value: 100 * found / n, low: low, high: high, colour: "#4a7bd0"}], 50));
              const record = {machine: DATA.machine, found: found, trials: n, interval95: [low, high],
                answers: DATA.trials.map((t, i) => ({character: t.label, chose: answers[i], machine: t.machineGrid, right: answers[i] === t.machineGrid}))};
              const blob = new Blob([JSON.stringify(record, null, 1)], {type: "application/json"});
              document.getElementById("save").href = URL.createObjectURL(blob);
            }
            for (const g of [0, 1]) document.getElementById(`grid${g}`).addEventListener("click", () => choose(g));
            window.gnsTest = {choose: choose, answers: () => answers.slice(), trials: () => DATA.trials.length};
            show();
            playFromHash(choose);
            """)
    }
}
