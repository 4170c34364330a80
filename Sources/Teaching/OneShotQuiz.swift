import Foundation
import CharacterModel
import CharacterTasks
import Images
import OmniglotData
import Render
import Random

/// The one-shot game of the Neuromatch tutorial as a self-contained web page: a reference character and nine
/// options from the same alphabet; the player clicks the one that is the same character, sees a running score,
/// and at the end how a machine answered the same trials, beside their own accuracy.
public enum OneShotQuiz {
    /// One trial as the page gets it: images as `data:` URLs.
    public struct Trial: Codable, Sendable {
        /// Where the images come from (`run07, test image 12`).
        public let label: String
        /// The image to match.
        public let reference: String
        /// Nine images, one of them the reference's character.
        public let options: [String]
        /// The index in `options` of the reference's character.
        public let answer: Int
        /// The index the machine chose.
        public let machine: Int
    }

    /// Chooses a machine's answer: the index in `options` of the character it thinks `reference` shows.
    public typealias Answerer = @Sendable (_ reference: Raster, _ options: [Raster]) throws -> Int

    /// `count` trials from the official one-shot runs (evaluation alphabets), picked by `seed`: each a test image
    /// of a run, its class's training image and 8 other training images of the run (same alphabet), shuffled.
    public static func trials(from runs: OneShotRuns, count: Int, seed: UInt64, machine: Answerer) throws -> [Trial] {
        var generator = SeededGenerator(seed: seed)
        let pairs = runs.runs.flatMap { run in run.pairs.map { (run: run, pair: $0) } }
        guard pairs.count >= count else {
            throw TeachingError("the one-shot runs hold \(pairs.count) test images; \(count) trials asked for")
        }
        return try pairs.shuffled(using: &generator).prefix(count).map { item in
            let distractors = item.run.trainingImages.filter { $0 != item.pair.training }.shuffled(using: &generator).prefix(8)
            let paths = ([item.pair.training] + distractors).shuffled(using: &generator)
            let reference = try runs.image(item.pair.test)
            let options = try paths.map { try runs.image($0) }
            return Trial(label: "run \(item.run.number), \((item.pair.test as NSString).lastPathComponent)",
                         reference: Page.dataURL(reference), options: options.map(Page.dataURL),
                         answer: paths.firstIndex(of: item.pair.training)!, machine: try machine(reference, options))
        }
    }

    /// The page for `trials`; `machineName` says who the machine is (shown in the results).
    public static func html(trials: [Trial], machineName: String) throws -> String {
        struct Payload: Encodable {
            let trials: [Trial]
            let machine: String
        }
        return Page.document(
            title: "One-shot character game",
            body: """
            <h1>Same character?</h1>
            <p class="note">Every image is one person's drawing of a character. Click the option that shows the same character as the one on the left (drawn by someone else). Nine options per trial, so guessing scores about 11%.</p>
            <div id="game">
              <p class="status" id="score">Trial 1 of \(trials.count) · score 0 / 0</p>
              <div style="display: flex; gap: 2em; align-items: flex-start">
                <div><p>This character:</p><img class="char" id="reference" alt="reference character"></div>
                <div><p>Which one is the same character?</p><div class="grid3" id="options"></div></div>
              </div>
            </div>
            <div id="results" class="hidden">
              <h2>Your answers beside the machine's</h2>
              <p id="summary"></p>
              <div id="chart"></div>
              <p class="note" id="machine-note"></p>
              <table class="results" id="table"><thead><tr><th>trial</th><th>character</th><th>you</th><th>machine</th></tr></thead><tbody></tbody></table>
            </div>
            """,
            data: try Page.json(Payload(trials: trials, machine: machineName)),
            script: Page.scriptLibrary + """
            const answers = [];
            function show() {
              const trial = DATA.trials[answers.length];
              const right = answers.filter((a, i) => a === DATA.trials[i].answer).length;
              document.getElementById("score").textContent =
                `Trial ${Math.min(answers.length + 1, DATA.trials.length)} of ${DATA.trials.length} · score ${right} / ${answers.length}`;
              if (!trial) return finish();
              document.getElementById("reference").src = trial.reference;
              const grid = document.getElementById("options");
              grid.replaceChildren(...trial.options.map((src, i) => {
                const button = el("button", {class: "pick", "data-index": i}, el("img", {class: "char", src: src, alt: `option ${i + 1}`}));
                button.addEventListener("click", () => choose(i));
                return button;
              }));
            }
            function choose(index) {
              if (answers.length >= DATA.trials.length) return;
              answers.push(index);
              show();
            }
            function finish() {
              document.getElementById("game").classList.add("hidden");
              document.getElementById("results").classList.remove("hidden");
              const n = DATA.trials.length;
              const person = answers.filter((a, i) => a === DATA.trials[i].answer).length;
              const machine = DATA.trials.filter(t => t.machine === t.answer).length;
              document.getElementById("summary").textContent =
                `You: ${person} of ${n} right (${(100 * person / n).toFixed(0)}%). Machine: ${machine} of ${n} (${(100 * machine / n).toFixed(0)}%).`;
              document.getElementById("chart").append(barChart("result-chart", [
                {label: "you", value: 100 * person / n, colour: "#4a7bd0"},
                {label: "machine", value: 100 * machine / n, colour: "#999"}], 100 / 9));
              document.getElementById("machine-note").textContent = `Machine: ${DATA.machine}. Dashed line: chance (1 in 9).`;
              const body = document.querySelector("#table tbody");
              DATA.trials.forEach((t, i) => {
                if (answers[i] === t.answer && t.machine === t.answer) return;
                const mark = ok => ok ? "right" : "wrong";
                body.append(el("tr", {}, [el("td", {}, String(i + 1)), el("td", {}, el("img", {class: "char", src: t.reference})),
                  el("td", {class: mark(answers[i] === t.answer)}, el("img", {class: "char", src: t.options[answers[i]]})),
                  el("td", {class: mark(t.machine === t.answer)}, el("img", {class: "char", src: t.options[t.machine]}))]));
              });
              if (!body.children.length) body.append(el("tr", {}, el("td", {colspan: 4}, "Both of you got every trial right.")));
            }
            window.gnsTest = {choose: choose, answers: () => answers.slice(), trials: () => DATA.trials.length};
            show();
            playFromHash(choose);
            """)
    }
}

extension OneShotQuiz {
    /// The official Omniglot baseline as a player: the option whose ink is nearest the reference's by the modified
    /// Hausdorff distance (ties go to the first).
    public static let modifiedHausdorff: Answerer = { reference, options in
        let target = CentredInk(try BinaryImage(raster: reference, path: "reference"))
        let distances = try options.enumerated().map { index, option in
            ModifiedHausdorff.distance(target, CentredInk(try BinaryImage(raster: option, path: "option \(index + 1)")))
        }
        return distances.indices.min { distances[$0] < distances[$1] }!
    }
}
