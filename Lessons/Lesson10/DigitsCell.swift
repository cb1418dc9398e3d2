import Diffusion
import Foundation
import Plot
import TrainedModels
import Workbook

/// The digits models: Lesson07's ε model and the velocity model shipped beside it, in
/// Lesson07's `model/` folder.
enum DigitsModels {
    /// A file of Lesson07's folder, from this file's place in the repository: what
    /// `ShippedModel` looks beside when the lesson does not run from the package root.
    static let lesson07 = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Lesson07/ShippedModel.swift").path
    static let noise = ShippedModel(relativePath: "Lessons/Lesson07/model/digits.ckpt", sourceFile: lesson07)
    static let velocity = ShippedModel(relativePath: "Lessons/Lesson07/model/flow_digits.ckpt", sourceFile: lesson07)
    /// The command that made the shipped velocity model.
    static let command = "swift run Lesson10 --train-digits --digits-checkpoint \(velocity.relativePath)"
}

/// Cell: Lesson07's U-Net trained by flow matching on the digits, judged by Lesson07's
/// classifier beside Lesson07's ε model with DDIM at the same numbers of model calls.
struct DigitsCell {
    /// The models, read (or the save path checked) before the lesson writes anything.
    struct Plan {
        let noise: NoiseNetwork
        /// The velocity model to load and its path; nil when this run trains one, or when none ships.
        let velocity: (network: VelocityNetwork, provenance: ModelProvenance, path: String)?
        /// Where a velocity model trained here is saved; nil when this run does not train.
        let target: URL?
        let steps: Int

        /// Loads Lesson07's ε model and the velocity model (`checkpoint`, else the shipped one),
        /// or checks that `checkpoint`'s folder can take the model `train` makes: one-line
        /// errors for a missing, corrupt or mismatched file, or a folder that is not there.
        init(train: Bool, steps: Int?, checkpoint: String?, output: URL, quick: Bool) {
            guard let noisePath = DigitsModels.noise.locate()?.path else {
                fail("Lesson07's model \(DigitsModels.noise.relativePath) is missing: run from the package root")
            }
            noise = orFail { try NoiseNetwork(contentsOf: URL(fileURLWithPath: noisePath), dimension: 256) }
            self.steps = steps ?? (quick ? 300 : TrainingConfiguration.digits.steps)
            guard !train else {
                let target =
                    checkpoint.map { URL(fileURLWithPath: $0) }
                    ?? output.appendingPathComponent("flow_digits.ckpt")
                let folder = target.deletingLastPathComponent().path
                var isDirectory: ObjCBool = false
                let isOutput = target.deletingLastPathComponent().standardizedFileURL == output.standardizedFileURL
                let exists = FileManager.default.fileExists(atPath: folder, isDirectory: &isDirectory)
                guard
                    isOutput || (exists && isDirectory.boolValue && FileManager.default.isWritableFile(atPath: folder))
                else {
                    fail(
                        "cannot save the velocity model to \(target.path) (--digits-checkpoint): \(folder) is not a "
                            + "writable folder")
                }
                (self.target, velocity) = (target, nil)
                return
            }
            target = nil
            if let checkpoint, !FileManager.default.fileExists(atPath: checkpoint) {
                fail("no velocity model at \(checkpoint) (--digits-checkpoint): train one with \(DigitsModels.command)")
            }
            guard let path = checkpoint ?? DigitsModels.velocity.locate()?.path else {
                velocity = nil
                return
            }
            let loaded = orFail { try VelocityNetwork.load(contentsOf: URL(fileURLWithPath: path), dimension: 256) }
            velocity = (loaded.network, loaded.provenance, path)
        }
    }

    let book: Notebook
    let plan: Plan
    let seed: UInt64
    let quick: Bool

    /// Model calls of each sampler; samples judged per sampler and budget.
    let budgets = [5, 10, 20, 50]
    var count: Int { quick ? 50 : 100 }

    func run() {
        book.cell("Digits by flow matching")
        let configuration = TrainingConfiguration.digitsFlow(TrainingOverrides(steps: plan.steps, seed: seed))
        let shape = configuration.networkShape
        book.say("""
            Flow matching on images. Lesson07's U-Net (\(shape.width) channels on 8 × 8 patches, \
            \(2 * shape.width) on 4 × 4) learns the velocity u = ε − x_0 of the linear path from Lesson07's \
            20,000 built-in digits, with its time embedding fed 1000 t as the ring's network was. The network, \
            the data and the optimizer are Lesson07's; the path (linear, not the cosine schedule), the target, \
            the loss weights (none, where Lesson07 uses Min-SNR-5) and how t is drawn are not. For t the lesson \
            takes the logit-normal density of Esser et al. 2024 (§3.1, eq. 19; m = 0, s = 1: \
            t = 1/(1 + e^(−u)), u ~ N(0, 1)), the formulation ranked best on average of those they compared \
            (§5.1, Table 1): it trains the middle times more, where the velocity is hardest to predict; near \
            either end the best prediction needs only a mean, the data's near t = 1 and the noise's near t = 0 \
            (§3.1).
            """)
        guard let network = velocityNetwork(configuration) else { return }
        let judge = DigitsJudge(lessonSeed: seed, samples: count)
        book.say("""
            Lesson07's classifier (the same digits and seed, \(judge.classifier.hidden) hidden units, 12 epochs) \
            judges \(count) samples of each sampler from the same noise: the velocity network by Euler on \
            equal steps of t (its last step lands on x̂_0 = x_t − t v̂, clipped to [−1, 1]), Lesson07's ε model \
            by DDIM (η = 0, x̂_0 clipped to [−1, 1]), each with the number of model calls in the column.
            """)
        var flowShares: [Double] = []
        var ddimShares: [Double] = []
        var shown: [[Double]] = []
        for calls in budgets {
            let flow = judge.eulerSamples(network, calls: calls)
            let ddim = orFail { try judge.ddimSamples(plan.noise, calls: calls) }
            flowShares.append(judge.confidentShare(flow))
            ddimShares.append(judge.confidentShare(ddim))
            if calls == 20 { shown = [flow, ddim] }
        }
        show(flow: flowShares, ddim: ddimShares)
        showSamples(shown, pixels: judge.pixels)
        verdict(flow: flowShares, ddim: ddimShares)
    }

    /// The first 12 samples of each model at 20 calls, from the same noise column by column.
    private func showSamples(_ samples: [[Double]], pixels: Int) {
        let columns = min(12, count)
        let side = Int(Double(pixels).squareRoot())
        let tiles = samples.map { flat in (0..<columns).map { Array(flat[($0 * pixels)..<(($0 + 1) * pixels)]) } }
        let rows = ["velocity, Euler", "ε, DDIM"]
        book.save(
            digitGrid("20 model calls, the same noise in each column", tiles, side: side, rowLabels: rows),
            data: tileTable(tiles, rowLabels: rows, columnLabels: []), as: "flow_digits_samples",
            caption: "The first \(columns) samples of each model; one CSV row per tile with its \(pixels) "
                + "pixels.")
    }

    /// The shipped (or named) velocity model, saying which; or one trained here and saved. nil,
    /// with a sentence, when none ships and this run does not train one.
    private func velocityNetwork(_ configuration: TrainingConfiguration) -> VelocityNetwork? {
        if let loaded = plan.velocity {
            let steps = loaded.provenance.steps.map { "\($0) steps" } ?? "steps not recorded"
            let sampling = loaded.provenance.flow?.timeSampling.rawValue ?? "?"
            let shipped = loaded.path == DigitsModels.velocity.locate()?.path
            let made = shipped ? ", made with \(DigitsModels.command)" : ""
            book.say(
                "Loaded the velocity model from \(shipped ? DigitsModels.velocity.relativePath : loaded.path) "
                    + "(\(loaded.network.parameterCount) weights, \(steps), t \(sampling))\(made).")
            return loaded.network
        }
        guard let target = plan.target else {
            book.say(
                "No velocity model ships at \(DigitsModels.velocity.relativePath): make one with "
                    + "\(DigitsModels.command) (\(TrainingConfiguration.digits.steps) steps, as Lesson07's --train). "
                    + "Skipped.")
            return nil
        }
        let digits = DigitsJudge.trainingDigits(lessonSeed: seed)
        var c = configuration
        c.dimension = digits.pixels
        let result = TrainingRun.run(c, samples: digits.images, flow: .digits, label: "velocity U-Net")
        book.result("velocity U-Net: \(result.summary)")
        let provenance = ModelProvenance(dataset: "digits", preset: .digits, training: c, date: Date())
        let network = result.trainer.velocityModel
        orFail { try network.save(to: book.writeURL(for: target), provenance: provenance, flow: .digits) }
        book.result("saved the EMA weights to \(target.path); run again with --digits-checkpoint \(target.path)")
        return network
    }

    /// The table, flow_digits.csv and its figure.
    private func show(flow: [Double], ddim: [Double]) {
        let names = ["velocity network", "ε network (Lesson07)"]
        let samplers = ["Euler (uniform t)", "DDIM (η = 0)"]
        var csv = CSVTable(columns: ["model", "sampler", "model_calls", "confident_share"])
        var table = TextTable(columns: ["model, sampler"] + budgets.map { "\($0) calls" })
        var panel = Panel(
            title: "Confident digits (p ≥ \(DigitsJudge.threshold))", xLabel: "model calls",
            yLabel: "share of \(count) samples")
        (panel.xRange, panel.yRange) = (0...55, 0...1)
        for (k, shares) in [flow, ddim].enumerated() {
            for (calls, share) in zip(budgets, shares) {
                csv.append([.text(names[k]), .text(samplers[k]), .int(calls), .number(share)])
            }
            table.append(["\(names[k]), \(samplers[k])"] + shares.map { Format.number(100 * $0, digits: 3) + "%" })
            panel.lines.append(
                LineSeries(
                    label: "\(names[k]): \(samplers[k])", xs: budgets.map(Double.init),
                    ys: shares,
                    color: Color.palette[k], style: k == 0 ? .solid : .dashed))
        }
        book.show(table)
        var figure = Figure(title: "One U-Net architecture, two targets", panels: [panel])
        figure.panelWidth = 560
        figure.panelHeight = 400
        book.save(
            figure, data: csv, as: "flow_digits",
            caption: "The share of samples Lesson07's classifier labels with p ≥ \(DigitsJudge.threshold), "
                + "from the same noise, at each number of model calls.")
    }

    /// Which model is ahead at each budget, with the shares' standard error: worded from the numbers.
    private func verdict(flow: [Double], ddim: [Double]) {
        let n = Double(count)
        for (k, calls) in budgets.enumerated() {
            let gap = flow[k] - ddim[k]
            let error = ((flow[k] * (1 - flow[k]) + ddim[k] * (1 - ddim[k])) / n).squareRoot()
            let reading =
                abs(gap) <= 2 * error
                ? "a gap within twice its standard error (±\(Format.number(100 * error, digits: 2)) "
                    + "points): not told apart" : (gap > 0 ? "the velocity network ahead" : "the ε network ahead")
            book.result(
                "\(calls) calls: velocity \(Format.number(100 * flow[k], digits: 3))%, DDIM "
                    + "\(Format.number(100 * ddim[k], digits: 3))%, \(reading)")
        }
    }
}
