import Diffusion
import Foundation
import Plot
import TrainedModels
import Workbook

/// The Keras DDIM example's training recipe, ingredient by ingredient: each variant trains
/// the lesson's U-Net for the same small number of steps (with `--recipe`), then draws
/// DDIM samples that the classifier and KID judge. Without `--recipe` the lesson prints the
/// table measured once and shipped beside the model.
struct RecipeCell {
    let images: LessonImages
    let book: Notebook
    let seed: UInt64
    /// Training steps per variant with `--recipe`; nil: print the shipped table.
    let steps: Int?

    /// Where the measured table ships, relative to the package root.
    static let shippedPath = "Lessons/Lesson07/model/recipe.csv"
    /// The command that measured it.
    static let command = "swift run Lesson07 --recipe --recipe-steps 3000"
    static let columns = ["variant", "steps", "seconds", "confident_share", "kid", "kid_std"]
    /// DDIM samples per variant, and their steps.
    let sampleCount = 200, ddimSteps = 20

    enum Variant: String, CaseIterable {
        case baseline
        case rawWeights = "raw_weights"
        case angleSchedule = "angle_schedule"
        case normalizer

        var description: String {
            switch self {
            case .baseline: return "the workbook's: cosine schedule, t as an index, Min-SNR-5, EMA weights"
            case .rawWeights: return "the same run, its raw weights (no EMA)"
            case .angleSchedule: return "the Keras angle schedule (signal rate 0.95 → 0.02)"
            case .normalizer: return "pixels standardized to mean 0, variance 1"
            }
        }
    }

    func run(_ verdict: Verdict) {
        book.cell("The Keras DDIM recipe, measured")
        book.say("""
            The Keras DDIM example trains with ingredients the workbook's training does not all use: an \
            EMA of the weights (ours uses one too), the angle schedule whose signal rate runs from 0.95 \
            down to 0.02 (Lesson 01), a normalizer that standardizes the data, and the noise level as \
            the network's time input in continuous time. Each variant below trains the same U-Net from \
            the same seed for the same number of steps, then draws \(sampleCount) DDIM samples \
            (\(ddimSteps) steps, η = 0) for the classifier and KID. The last ingredient needs a network \
            that takes a real-valued noise level instead of the step index: not measured here.
            """)
        let rows: [[String]]
        if let steps {
            rows = measure(verdict, steps: steps)
        } else if let text = Self.locate().flatMap({ try? String(contentsOf: $0, encoding: .utf8) }) {
            rows = text.split(separator: "\n").dropFirst().map { $0.split(separator: ",").map(String.init) }
            book.say(
                "Measured once, on a 2-core machine, by `\(Self.command)`; the numbers below are \(Self.shippedPath).")
        } else {
            book.say("The shipped table \(Self.shippedPath) is missing: run `\(Self.command)` to measure it.")
            return
        }
        var table = TextTable(columns: [
            "variant", "what it changes", "steps", "training", "confident", "KID", "± (std over subsets)",
        ])
        for row in rows where row.count >= Self.columns.count - 1 {
            let description = Variant(rawValue: row[0])?.description ?? ""
            table.append([
                row[0], description, row[1], Format.seconds(Double(row[2]) ?? 0),
                Format.number(100 * (Double(row[3]) ?? 0), digits: 3) + "%",
                Format.number(Double(row[4]) ?? 0, digits: 3),
                row.count > 5 ? Format.number(Double(row[5]) ?? 0, digits: 2) : "–",
            ])
        }
        book.show(table)
        interpret(rows.filter { $0.count >= Self.columns.count - 1 })
    }

    /// What the table shows, in numbers read from it.
    private func interpret(_ rows: [[String]]) {
        let shares = rows.compactMap { Double($0[3]) }
        let kids = rows.compactMap { Double($0[4]) }
        guard let steps = rows.first.flatMap({ Int($0[1]) }), shares.count == rows.count, kids.count == rows.count,
            !rows.isEmpty
        else { return }
        let best = rows[kids.indices.min { kids[$0] < kids[$1] }!][0]
        let spreads = rows.compactMap { $0.count > 5 ? Double($0[5]) : nil }
        book.say("""
            At \(steps) steps (the shipped model trained \(TrainingConfiguration.digits.steps)) every variant labels \
            \(Format.number(100 * shares.min()!, digits: 3))–\(Format.number(100 * shares.max()!, digits: 3))% of its \
            \(sampleCount) samples confidently, a spread of \
            \(Int((Double(sampleCount) * (shares.max()! - shares.min()!)).rounded())) \
            samples. KID ranges from \(Format.number(kids.min()!, digits: 3)) (\(best)) to \
            \(Format.number(kids.max()!, digits: 3))\
            \(spreads.isEmpty ? "" : ", with spreads over subsets of \(Format.number(spreads.min()!, digits: 2))–\(Format.number(spreads.max()!, digits: 2))"). \
            \(emaAgainstRaw(rows, steps: steps))One seed and one budget per variant: a first measurement, not a verdict.
            """)
    }

    /// What the table says of the EMA against the raw weights of the same run, and what it leaves untested.
    private func emaAgainstRaw(_ rows: [[String]], steps: Int) -> String {
        let kid = { (variant: Variant) in rows.first { $0[0] == variant.rawValue }.flatMap { Double($0[4]) } }
        guard let ema = kid(.baseline), let raw = kid(.rawWeights) else { return "" }
        let d = TrainingConfiguration.digits.emaDecay
        let shipped = TrainingConfiguration.digits.steps
        let window = 1 / (1 - d)
        let part = window / Double(steps)
        let share = part >= 1 ? "longer than this run" : "\(Format.number(100 * part, digits: 2))% of this run"
        return """
            The same run's raw weights score KID \(Format.number(raw, digits: 3)) against \
            \(Format.number(ema, digits: 3)) for its \
            EMA. An EMA of decay \(d) differs from the raw weights in two ways: it starts from the initial random \
            weights and after n steps still gives them the weight \(d)ⁿ \
            (\(Format.number(100 * pow(d, Double(steps)), digits: 2))% \
            after \(steps) steps, \(Format.number(pow(d, Double(shipped)), digits: 2)) after the shipped \(shipped)), \
            and it \
            averages the weights of about the last 1/(1 − d) = \(Format.number(window, digits: 4)) steps, \(share). \
            Which of the two costs the EMA here, the table does not test.\u{20}
            """
    }

    /// The shipped table, found like the shipped model.
    static func locate(sourceFile: String = #filePath) -> URL? {
        [
            URL(fileURLWithPath: shippedPath),
            URL(fileURLWithPath: sourceFile).deletingLastPathComponent().appendingPathComponent("model/recipe.csv"),
        ]
        .first { FileManager.default.fileExists(atPath: $0.path) }
    }

    /// Trains every variant and writes recipe.csv; returns its rows as text.
    private func measure(_ verdict: Verdict, steps: Int) -> [[String]] {
        let classifier = verdict.classifier
        let reference = classifier.features(Array(images.training.flat.prefix(1000 * images.pixels)))
        var csv = CSVTable(columns: Self.columns)
        var rows: [[String]] = []
        func record(
            _ variant: Variant, _ network: NoiseNetwork, seconds: Double, normalizer: (mean: Double, deviation: Double)
        ) {
            let low = (-1 - normalizer.mean) / normalizer.deviation
            let high = (1 - normalizer.mean) / normalizer.deviation
            let sampler = orFail {
                try DDIMSampler(schedule: network.schedule, steps: ddimSteps, eta: 0, clipping: .range(low...high))
            }
            let samples = sampler.run(predictor: network, count: sampleCount, dimension: images.pixels, seed: seed)
                .samples
                .map { $0 * normalizer.deviation + normalizer.mean }
            let share = ClassifierScore(classifier: classifier, images: samples, threshold: verdict.threshold)
                .confidentShare
            let kid = KernelInceptionDistance(
                classifier.features(samples), reference, dimension: classifier.hidden,
                subsets: 100, subsetSize: sampleCount, seed: seed)
            csv.append([
                .text(variant.rawValue), .int(steps), .number(seconds), .number(share), .number(kid.mean),
                .number(kid.standardDeviation),
            ])
            rows.append([
                variant.rawValue, "\(steps)", "\(seconds)", "\(share)", "\(kid.mean)", "\(kid.standardDeviation)",
            ])
        }
        let pixels = images.training.flat
        let mean = Moments.mean(pixels)
        let deviation = Moments.variance(pixels).squareRoot()
        for variant in [Variant.baseline, .angleSchedule, .normalizer] {
            var configuration = TrainingConfiguration(
                preset: .digits,
                overrides: TrainingOverrides(
                    steps: steps, schedule: variant == .angleSchedule ? .angle : nil, seed: seed))
            configuration.dimension = images.pixels
            let normalizer = variant == .normalizer ? (mean: mean, deviation: deviation) : (mean: 0.0, deviation: 1.0)
            let data = pixels.map { ($0 - normalizer.mean) / normalizer.deviation }
            let result = TrainingRun.run(configuration, samples: data, label: variant.rawValue)
            record(variant, result.trainer.model, seconds: result.seconds, normalizer: normalizer)
            if variant == .baseline {
                record(.rawWeights, result.trainer.currentModel, seconds: result.seconds, normalizer: normalizer)
            }
        }
        book.save(
            data: csv, as: "recipe",
            caption:
                "Each variant: training steps and seconds, the share of its samples the classifier labels with p ≥ \(verdict.threshold), and their KID with its standard deviation over 100 subsets."
        )
        return rows
    }
}
