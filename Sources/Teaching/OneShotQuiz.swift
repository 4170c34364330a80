import Foundation
import CharacterModel
import CharacterTasks
import Images
import OmniglotData
import Render
import Random

/// The one-shot game of the Neuromatch tutorial as a self-contained web page: a reference character and nine
/// options from the same alphabet; the player clicks the one that is the same character, sees a running score,
/// and at the end how the machines (GNS, the Hausdorff baseline) answered the same trials, beside their own accuracy.
public enum OneShotQuiz {
    /// One trial as the page gets it: images as `data:` URLs.
    public struct Trial: Codable, Sendable {
        /// Where the images come from (`run 7, item12.png`).
        public let label: String
        /// The image to match.
        public let reference: String
        /// Nine images, one of them the reference's character.
        public let options: [String]
        /// The index in `options` of the reference's character.
        public let answer: Int
        /// The index each machine chose, in the order of the page's machines.
        public let machines: [Int]
    }

    /// A trial as a machine sees it: the run, the paths inside `all_runs` and the images.
    public struct Question: Sendable {
        /// The run (1...20).
        public let run: Int
        /// The reference (a test image of the run) and the options (training images of the run).
        public let referencePath: String, optionPaths: [String]
        /// The same images, decoded.
        public let reference: Raster, options: [Raster]
    }

    /// A player the person is compared with.
    public struct Machine: Sendable {
        /// The chart's label (`GNS`).
        public let name: String
        /// One sentence for the page: what the machine does.
        public let description: String
        /// The test images whose trials it can answer (`run 3 item07`); nil for any.
        public let answerable: Set<String>?
        /// The index in `question.options` of the character it thinks the reference shows.
        public let answer: @Sendable (_ question: Question) throws -> Int

        public init(name: String, description: String, answerable: Set<String>? = nil,
                    answer: @escaping @Sendable (_ question: Question) throws -> Int) {
            self.name = name
            self.description = description
            self.answerable = answerable
            self.answer = answer
        }
    }

    /// `count` trials from the official one-shot runs (evaluation alphabets), picked by `seed` among the test
    /// images every machine can answer: each a test image of a run, its class's training image and 8 other
    /// training images of the run (same alphabet), shuffled.
    public static func trials(from runs: OneShotRuns, count: Int, seed: UInt64, machines: [Machine]) throws -> [Trial] {
        var generator = SeededGenerator(seed: seed)
        let pairs = runs.runs.flatMap { run in run.pairs.map { (run: run, pair: $0) } }.filter { item in
            machines.allSatisfy { $0.answerable?.contains(ClassificationTrial.name(run: item.run.number, test: item.pair.test)) ?? true }
        }
        guard pairs.count >= count else {
            let limited = machines.filter { $0.answerable != nil }.map(\.name)
            throw TeachingError("\(count) trials asked for, but only \(pairs.count) test images of the one-shot runs"
                                + (limited.isEmpty ? "" : " are answered by \(limited.joined(separator: " and ")) (its results cover only some runs)"))
        }
        return try pairs.shuffled(using: &generator).prefix(count).map { item in
            let distractors = item.run.trainingImages.filter { $0 != item.pair.training }.shuffled(using: &generator).prefix(8)
            let paths = ([item.pair.training] + distractors).shuffled(using: &generator)
            let question = Question(run: item.run.number, referencePath: item.pair.test, optionPaths: paths,
                                    reference: try runs.image(item.pair.test), options: try paths.map { try runs.image($0) })
            return Trial(label: "run \(item.run.number), \((item.pair.test as NSString).lastPathComponent)",
                         reference: Page.dataURL(question.reference), options: question.options.map(Page.dataURL),
                         answer: paths.firstIndex(of: item.pair.training)!, machines: try machines.map { try $0.answer(question) })
        }
    }

    /// The page for `trials`, answered by `machines` (in the trials' order of machine answers).
    public static func html(trials: [Trial], machines: [Machine]) throws -> String {
        struct Player: Encodable {
            let name: String, description: String
        }
        struct Payload: Encodable {
            let trials: [Trial]
            let machines: [Player]
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
              <h2>Your answers beside the machines'</h2>
              <p id="summary"></p>
              <div id="chart"></div>
              <p class="note" id="machine-note"></p>
              <table class="results" id="table"><thead><tr id="table-head"><th>trial</th><th>character</th><th>you</th></tr></thead><tbody></tbody></table>
            </div>
            """,
            data: try Page.json(Payload(trials: trials, machines: machines.map { Player(name: $0.name, description: $0.description) })),
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
              const n = DATA.trials.length, percent = k => `${(100 * k / n).toFixed(0)}%`;
              const person = answers.filter((a, i) => a === DATA.trials[i].answer).length;
              const machines = DATA.machines.map((m, j) => DATA.trials.filter(t => t.machines[j] === t.answer).length);
              document.getElementById("summary").textContent = `You: ${person} of ${n} right (${percent(person)}). `
                + DATA.machines.map((m, j) => `${m.name}: ${machines[j]} of ${n} (${percent(machines[j])}).`).join(" ");
              const colours = ["#5a9e5a", "#999", "#d08a2a"];
              document.getElementById("chart").append(barChart("result-chart", [{label: "you", value: 100 * person / n, colour: "#4a7bd0"}]
                .concat(DATA.machines.map((m, j) => ({label: m.name, value: 100 * machines[j] / n, colour: colours[j % colours.length]}))), 100 / 9));
              document.getElementById("machine-note").textContent =
                DATA.machines.map(m => `${m.name}: ${m.description}.`).join(" ") + " Dashed line: chance (1 in 9).";
              document.getElementById("table-head").append(...DATA.machines.map(m => el("th", {}, m.name)));
              const body = document.querySelector("#table tbody");
              const mark = ok => ok ? "right" : "wrong";
              DATA.trials.forEach((t, i) => {
                if (answers[i] === t.answer && t.machines.every(c => c === t.answer)) return;
                body.append(el("tr", {}, [el("td", {}, String(i + 1)), el("td", {}, el("img", {class: "char", src: t.reference})),
                  el("td", {class: mark(answers[i] === t.answer)}, el("img", {class: "char", src: t.options[answers[i]]}))]
                  .concat(t.machines.map(c => el("td", {class: mark(c === t.answer)}, el("img", {class: "char", src: t.options[c]}))))));
              });
              if (!body.children.length) body.append(el("tr", {}, el("td", {colspan: 3 + DATA.machines.length}, "Everyone got every trial right.")));
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
    public static let modifiedHausdorff = Machine(
        name: "Hausdorff", description: "the modified Hausdorff distance between ink pixels (Omniglot's official baseline)"
    ) { question in
        let target = PointSet(centredInkOf: try BinaryImage(raster: question.reference, path: question.referencePath))
        let distances = try zip(question.options, question.optionPaths).map { option, path in
            ModifiedHausdorff.distance(target, PointSet(centredInkOf: try BinaryImage(raster: option, path: path)))
        }
        return distances.indices.min { distances[$0] < distances[$1] }!
    }

    /// A player that answers from `gns classify` results: of the nine options, the class its 20-way trial scored
    /// highest. It answers only the test images `records` decide.
    public static func recorded(_ records: [TrialRecord], name: String, description: String) -> Machine {
        let byTrial = Dictionary(records.map { ($0.trialName, $0) }, uniquingKeysWith: { first, _ in first })
        return Machine(name: name, description: description, answerable: Set(byTrial.keys)) { question in
            let name = ClassificationTrial.name(run: question.run, test: question.referencePath)
            guard let record = byTrial[name] else { throw TeachingError("the classification results hold no trial \(name)") }
            let scores = try question.optionPaths.map { path in
                guard let score = record.scores[ClassificationTrial.shortName(path)] else {
                    throw TeachingError("the classification results' trial \(name) has no score for \(ClassificationTrial.shortName(path))")
                }
                return score
            }
            return scores.indices.max { scores[$0] < scores[$1] || (scores[$0] == scores[$1] && $0 > $1) }!
        }
    }
}
