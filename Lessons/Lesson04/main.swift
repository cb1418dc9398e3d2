// Lesson 04 — Learning to denoise: from the likelihood to L_simple, and training.
// The variational bound on −log p_θ(x_0) becomes a weighted loss on ε (Ho et al. 2020, eq. 12);
// dropping the weights gives L_simple. A small network learns ε_θ(x_t, t); its loss has a floor
// that no network can beat, and on the ring of 8 Gaussians we know that floor and the bound exactly.
import ArgumentParser
import Diffusion
import ExerciseChecks
import FileSupport
import Foundation
import Plot
import TrainedModels
import Workbook

struct Options: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "Lesson04",
        abstract:
            "From the likelihood to L_simple; a noise-predicting network trained on 2D data, its loss against the ideal floor, its bound against the data's entropy."
    )
    @OptionGroup var common: LessonOptions
    @Option(
        help:
            "Start from a preset: default (the workbook's network) or tutorial2d (Siddiqui's 2D tutorial's network, schedule and optimizer, 5,000 steps; the tutorial trains 1,000 epochs ≈ 79,000 steps: add --steps 79000)."
    )
    var preset: Preset = .default
    @Option(help: "The 2D dataset to learn. The ring of 8 Gaussians has an exact ideal denoiser to compare with.")
    var dataset: Toy2D = .ring
    @Option(
        help:
            "The network: residual (sinusoidal time embedding, residual SiLU MLP) or tutorial (per-step embeddings, softplus)."
    )
    var model: ModelKind?
    @Option(help: "The loss on ε̂ − ε: l2 (L_simple, eq. 14), l1 or huber.")
    var loss: LossKind?
    @Option(help: "Optimizer steps.")
    var steps: Int?
    @Option(help: "Points per batch.")
    var batchSize: Int?
    @Option(help: "Adam's learning rate.")
    var learningRate: Double?
    @Option(help: "The noise schedule (linear, quadratic, sigmoid, cosine, angle).")
    var schedule: ScheduleKind?
    @Option(help: "T, the number of diffusion steps.")
    var timesteps: Int?
    @Flag(help: ArgumentHelp(Mine.help))
    var mine = false

    /// The presets for 2D points (the third, digits, trains Lesson 07's image model).
    enum Preset: String, CaseIterable, ExpressibleByArgument {
        case `default`, tutorial2d
        var training: TrainingPreset { self == .default ? .default : .tutorial2d }
    }

    /// The training configuration: the preset, then every option given on top of it.
    var training: TrainingConfiguration {
        TrainingConfiguration(
            preset: preset.training,
            overrides: TrainingOverrides(
                model: model, loss: loss, steps: steps ?? (common.quick ? 300 : nil), batchSize: batchSize,
                learningRate: learningRate,
                schedule: schedule, timesteps: timesteps, seed: common.seed))
    }

    func validate() throws {
        if let timesteps, timesteps < 2 { throw ValidationError("--timesteps must be at least 2 (got \(timesteps))") }
        if let steps, steps < 1 { throw ValidationError("--steps must be at least 1 (got \(steps))") }
        if let batchSize, batchSize < 1 { throw ValidationError("--batch-size must be at least 1 (got \(batchSize))") }
        if let learningRate, !(learningRate > 0 && learningRate.isFinite) {
            throw ValidationError("--learning-rate must be positive (got \(learningRate))")
        }
        do { try training.validate() } catch { throw ValidationError(String(describing: error)) }
    }
}

let options = Options.parseOrFail()
let mine = orFail { try Mine(enabled: options.mine, schedule: options.training.schedule) }
let book = Notebook(lesson: "Lesson04", title: "From the likelihood to L_simple, and training", options: options.common)
let quick = options.common.quick
let configuration = options.training
let schedule = configuration.schedule
let T = schedule.timesteps
let seed = options.common.seed
let data = options.dataset.trainingPoints(seed: seed)

derivationCells(book: book, schedule: schedule, seed: seed)

book.cell("What the network learns")
book.say("""
    Training (Ho et al. 2020, Algorithm 1) repeats: take data x_0, a step t and noise ε; make \
    x_t = √ᾱ_t x_0 + √(1 − ᾱ_t) ε; ask the network for ε̂ = ε_θ(x_t, t); and step down the \
    gradient of L_simple = ‖ε − ε̂‖² (eq. 14). Every layer's backward pass is written by hand \
    beside its forward pass in Sources/Diffusion/Networks, and checked against finite differences.
    """)
var setupTable = TextTable(columns: ["setting", "value"])
let shape = configuration.networkShape
let parameterCount = orFail { try Trainer(configuration: configuration, data: data) }.parameterCount
for (name, value) in [
    ("preset", options.preset.rawValue),
    ("dataset", "\(options.dataset.rawValue): \(options.dataset.summary), 10,000 points"),
    ("network", "\(shape.kind.rawValue): \(shape.kind.summary)"),
    (
        "width × depth",
        shape.kind == .residual
            ? "\(shape.width) × \(shape.depth) residual blocks, time embedding \(shape.timeEmbeddingDimension)"
            : "\(shape.width), 2 hidden layers"
    ),
    ("weights", "\(parameterCount)"),
    (
        "schedule",
        "\(schedule.kind?.rawValue ?? "custom"), T = \(T), ᾱ_T = \(Format.number(schedule.alphaBar(T), digits: 3))"
    ),
    ("loss", "\(configuration.loss.rawValue), t drawn \(configuration.timeSampling.rawValue)"),
    (
        "optimizer",
        "Adam, learning rate \(configuration.learningRate)\(configuration.warmupSteps > 0 ? ", warm-up \(configuration.warmupSteps) steps" : ""), \(configuration.learningRateDecay.rawValue) decay"
    ),
    ("batch × steps", "\(configuration.batchSize) × \(configuration.steps)"),
    ("EMA decay, clip norm", "\(configuration.emaDecay), \(configuration.clipNorm.map { "\($0)" } ?? "none")"),
] { setupTable.append([name, value]) }
book.show(setupTable)
if configuration.timeSampling == .halfLogNormal {
    // The steps whose noise level σ_t = √((1 − ᾱ_t)/ᾱ_t) lies between 0.05 and 0.35.
    let settling = schedule.steps.filter { t in
        let sigma = ((1 - schedule.alphaBar(t)) / schedule.alphaBar(t)).squareRoot()
        return sigma >= 0.05 && sigma <= 0.35
    }
    if let first = settling.first, let last = settling.last {
        var drawRNG = Xoshiro256(seed: seed, stream: 77)
        let draws = configuration.timeSampling.draw(count: 100_000, schedule: schedule, using: &drawRNG)
        let share = Double(draws.filter { (first...last).contains($0) }.count) / Double(draws.count)
        book.say("""
            Half of each batch's t are uniform on 1…T, as in Algorithm 1; the other half are drawn \
            so that the noise level σ_t = √((1 − ᾱ_t)/ᾱ_t) is log-normal, ln σ ~ N(−1.2, 1.2²) \
            (Karras et al. 2022, §5). So \(Format.number(100 * share, digits: 2))% of the draws land on t = \
            \(first)…\(last), \
            where σ_t is 0.05 to 0.35, near the width of the ring's clusters (s = 0.1): the steps \
            that decide how tightly samples gather. A uniform t lands there \
            \(Format.number(100 * Double(settling.count) / Double(T), digits: 2))% of the time. On the ring this \
            brings \
            Lesson05's samples to the data's own spread (bench/recipes.md).
            """)
    }
}

book.cell("Training")
let result = TrainingRun.run(configuration, data: data, label: "training")
let network = result.trainer.model
let tail = result.losses.suffix(max(1, result.losses.count / 20))
book.result(
    "\(configuration.steps) steps in \(Format.seconds(result.seconds)) (\(Int(Double(configuration.steps) / result.seconds)) steps/s); "
        + "mean loss over the last \(tail.count) steps \(Format.number(Moments.mean(Array(tail)), digits: 4))")
var trainingCSV = CSVTable(columns: ["step", "loss", "smoothed_loss", "learning_rate"])
var smoothed: [Double] = []
for (i, loss) in result.losses.enumerated() {
    smoothed.append(i == 0 ? loss : 0.98 * smoothed[i - 1] + 0.02 * loss)
    trainingCSV.append([
        .int(i + 1), .number(loss), .number(smoothed[i]), .number(result.trainer.learningRate(atStep: i + 1)),
    ])
}
var lossPanel = Panel(title: "Training loss", xLabel: "step", yLabel: "L_simple (\(configuration.loss.rawValue))")
let stepAxis = (1...result.losses.count).map(Double.init)
lossPanel.lines = [
    LineSeries(label: "per batch", xs: stepAxis, ys: result.losses, color: Color.palette[0].withAlpha(0.25), width: 1),
    LineSeries(label: "smoothed (EMA 0.98)", xs: stepAxis, ys: smoothed, color: Color.palette[0], width: 2),
]
lossPanel.yScale = .log
book.save(
    Figure(title: nil, panels: [lossPanel]), data: trainingCSV, as: "training",
    caption: "The loss of every batch and its running average.")
book.say(
    "The loss falls fast and then flattens above 0: x_t does not determine ε, so even the best guess E[ε | x_t] leaves an error. The next cell measures that floor at each t."
)

book.cell("The floor: loss per t against the ideal denoiser" + MineReport.mark(mine.simpleLoss))
let evaluationCount = quick ? 500 : 4000
let stepsShown = Array(
    Set(
        (0..<(quick ? 12 : 40)).map { k in
            max(1, Int((Double(T) * pow(Double(k + 1) / Double(quick ? 12 : 40), 1.5)).rounded()))
        })
).sorted()
var evaluationRNG = Xoshiro256(seed: seed, stream: 2001)
let evaluation = options.dataset.sample(count: evaluationCount, using: &evaluationRNG)
let trainedLoss = mine.lossPerTimestep(network, data: evaluation, seed: seed &+ 7, times: stepsShown)
MineReport.lines(mine.simpleLoss).forEach(book.result)
var perTCSV = CSVTable(columns: ["t", "trained_loss", "ideal_floor", "floor_standard_error", "trained_standard_error"])
var perTPanel = Panel(
    title: "L_simple at each t (\(evaluationCount) held-out points)" + MineReport.mark(mine.simpleLoss), xLabel: "t",
    yLabel: "mean ‖ε − ε̂‖² per dimension")
perTPanel.lines = [
    LineSeries(
        label: "trained network (EMA weights)", xs: trainedLoss.map { Double($0.t) }, ys: trainedLoss.map(\.loss))
]
perTPanel.xRange = 0...Double(T)
book.say("""
    Under a squared loss the best guess of ε from x_t is its conditional mean ε*(x_t, t) = E[ε | x_t], \
    and that is a score. Differentiate q(x_t) = ∫ N(x_t; √ᾱ_t x_0, (1 − ᾱ_t) I) q(x_0) dx_0 under the \
    integral: the Gaussian's gradient is itself times −(x_t − √ᾱ_t x_0)/(1 − ᾱ_t) = −ε/√(1 − ᾱ_t), so \
    ∇q(x_t) = −E[ε | x_t] q(x_t)/√(1 − ᾱ_t), that is ε*(x_t, t) = −√(1 − ᾱ_t) ∇ log q(x_t) \
    (Tweedie's formula, Efron 2011, eq. 2.8; Lesson 08 checks it numerically). The loss of ε* is the \
    floor no network can go below in expectation.
    """)
if options.dataset == .ring {
    book.say("""
        For the ring of 8 Gaussians q(x_t) is itself a mixture of Gaussians, so its score, and with it \
        ε* and the floor, is exact. The trained network's loss at each t, beside that floor:
        """)
    let mixture = GaussianMixture.ring()
    let ideal = IdealDenoiser(mixture: mixture, schedule: schedule)
    let floors = stepsShown.map { ideal.lossFloor(t: $0, samples: evaluationCount, seed: seed &+ 9) }
    for (trained, floor) in zip(trainedLoss, floors) {
        perTCSV.append([
            .int(trained.t), .number(trained.loss), .number(floor.mean), .number(floor.standardError),
            trained.standardError.map { .number($0) } ?? .text(""),
        ])
    }
    perTPanel.lines.append(
        LineSeries(
            label: "ideal denoiser's floor", xs: floors.map { Double($0.t) }, ys: floors.map(\.mean), style: .dashed))
    var table = TextTable(columns: ["t", "trained", "floor", "gap"])
    for k in stride(from: 0, to: stepsShown.count, by: max(1, stepsShown.count / 6)) {
        table.append([
            "\(stepsShown[k])", Format.number(trainedLoss[k].loss, digits: 4), Format.number(floors[k].mean, digits: 4),
            Format.number(100 * (trainedLoss[k].loss / floors[k].mean - 1), digits: 2) + "%",
        ])
    }
    book.show(table)
    // Both curves are Monte Carlo means: the gap in units of their combined standard error.
    let zScores = zip(trainedLoss, floors).map { trained, floor in
        (trained.loss - floor.mean)
            / ((trained.standardError ?? 0) * (trained.standardError ?? 0) + floor.standardError * floor.standardError)
            .squareRoot()
    }
    let below = zScores.filter { $0 < 0 }
    // The loss averaged over t = 1…T, between the measured t piecewise linear, uniformly (Algorithm 1's t)
    // and as this run's training drew t.
    func average(_ values: [Double], over times: [Int]) -> Double {
        Moments.mean(
            times.map { t in
                guard let upper = stepsShown.firstIndex(where: { $0 >= t }) else { return values.last! }
                if upper == 0 || stepsShown[upper] == t { return values[upper] }
                let (t0, t1) = (Double(stepsShown[upper - 1]), Double(stepsShown[upper]))
                return values[upper - 1] + (values[upper] - values[upper - 1]) * (Double(t) - t0) / (t1 - t0)
            })
    }
    var drawRNG = Xoshiro256(seed: seed, stream: 78)
    let trainingTimes = configuration.timeSampling.draw(count: 100_000, schedule: schedule, using: &drawRNG)
    let trainedUniform = average(trainedLoss.map(\.loss), over: Array(schedule.steps))
    let floorUniform = average(floors.map(\.mean), over: Array(schedule.steps))
    book.result(
        "averaged over t = 1…\(T) (uniform t, between the \(stepsShown.count) measured t linearly): trained "
            + "\(Format.number(trainedUniform, digits: 4)), floor \(Format.number(floorUniform, digits: 4)) — "
            + "\(Format.number(100 * (trainedUniform / floorUniform - 1), digits: 2))% above the floor")
    let trainedAsTrained = average(trainedLoss.map(\.loss), over: trainingTimes)
    book.result(
        "averaged over t drawn as in training (\(configuration.timeSampling.rawValue)): trained "
            + "\(Format.number(trainedAsTrained, digits: 4)), floor "
            + "\(Format.number(average(floors.map(\.mean), over: trainingTimes), digits: 4))")
    let tailLoss = Moments.mean(Array(tail))
    // Say why the training loss differs from the uniform average only when the weighting accounts for it.
    let weightingExplains = abs(trainedAsTrained - tailLoss) < abs(trainedUniform - tailLoss) / 4
    book.say("""
        \(weightingExplains ? """
            The training loss of cell 5 (\(Format.number(tailLoss, digits: 3))) is not the uniform average: it \
            averages over t as training draws them, and weighted that way this curve gives \
            \(Format.number(trainedAsTrained, digits: 3)). 
            """ : "")\
        The floor per dimension is ᾱ_t/(1 − ᾱ_t) · E Var(x_0 | x_t), since ε = (x_t − √ᾱ_t x_0)/√(1 − ᾱ_t): \
        at t = \(stepsShown[0]) it is \(Format.number(floors[0].mean, digits: 3)), near 1, because ε is faint next to \
        the data's own spread and x_t hardly reveals it; at t = \(stepsShown.last!) it is \
        \(Format.number(floors.last!.mean, digits: 2)), because x_t ≈ ε there. Both curves are Monte Carlo \
        estimates (the floor's standard errors and the trained loss's are in the CSV): the network lands \
        below the floor at \(below.count) of the \(stepsShown.count) t\
        \(below.isEmpty ? "" : ", by at most \(Format.number(-below.min()!, digits: 2)) combined standard errors")\
        \(below.isEmpty ? "." : (below.min()! > -3 ? ", which sampling noise explains." : "; that many standard errors is more than noise usually gives, so look again."))
        """)
    perTPanel.lines.append(
        explainFloorShape(
            book: book, mixture: mixture, schedule: schedule, times: stepsShown, floors: floors.map(\.mean)))
} else {
    for trained in trainedLoss {
        perTCSV.append([
            .int(trained.t), .number(trained.loss), .text(""), .text(""),
            trained.standardError.map { .number($0) } ?? .text(""),
        ])
    }
    book.say(
        "The \(options.dataset.rawValue) data has no closed-form ideal denoiser; run with --dataset ring to see the floor."
    )
}
book.save(
    Figure(title: nil, panels: [perTPanel]), data: perTCSV, as: "loss_per_t",
    caption: "The loss at each t: near 1 at small t, where the faint noise is hard to tell from the data's spread; "
        + "near 0 at large t, where x_t is almost all noise. On the ring, the dotted line is the floor's part that remains "
        + "when the cluster is known; the rest is the doubt about the cluster.")
if options.dataset == .ring { boundCell(book: book, network: network, schedule: schedule, seed: seed, quick: quick) }

book.cell("The learned ε field")
let fieldSteps = [max(1, T / 20), max(1, T / 5), T / 2]
let gridValues = (0..<15).map { -2 + 4 * Double($0) / 14 }
let grid: [SIMD2<Double>] = gridValues.flatMap { y in gridValues.map { x in SIMD2(x, y) } }
book.say("""
    −ε̂/√(1 − ᾱ_t) estimates the score ∇ log q(x_t) of the noisy data (exactly so for the ideal \
    denoiser, by Tweedie's formula of cell 6; Ho et al. 2020, §3.2), so −ε̂ points uphill on q(x_t), toward \
    where noisy points crowd. x̂_0 = (x_t − √(1 − ᾱ_t) ε̂)/√ᾱ_t lies along −ε̂ from x_t/√ᾱ_t, not \
    from x_t. Arrows show −ε̂ on a grid at t = \(fieldSteps.map(String.init).joined(separator: ", ")): \
    at small t each arrow points to the nearest part of the data; at large t, q(x_t) is close to \
    N(0, I) and all point to the middle.
    """)
var predictors: [(String, any NoisePredictor)] = [("trained", network)]
if options.dataset == .ring { predictors.append(("ideal", IdealDenoiser(mixture: .ring(), schedule: schedule))) }
var fieldCSV = CSVTable(columns: ["denoiser", "t", "x", "y", "minus_eps_x", "minus_eps_y"])
var fieldPanels: [Panel] = []
for (name, predictor) in predictors {
    for t in fieldSteps {
        let eps = [SIMD2<Double>](flat: predictor.predictNoise(xt: grid.flattened, t: t, dimension: 2))
        for (p, e) in zip(grid, eps) {
            fieldCSV.append([.text(name), .int(t), .number(p.x), .number(p.y), .number(-e.x), .number(-e.y)])
        }
        var panel = Panel(title: "\(name), t = \(t)")
        panel.scatters = [ScatterLayer(points: Array(evaluation.prefix(1500)), color: .lightGray, alpha: 0.6)]
        panel.arrows = [
            ArrowLayer(
                origins: grid, vectors: eps.map { -$0 }, color: Color.palette[name == "trained" ? 0 : 2], scale: 0.08)
        ]
        panel.xRange = -2.2...2.2
        panel.yRange = -2.2...2.2
        panel.equalAspect = true
        panel.showAxes = false
        fieldPanels.append(panel)
    }
}
var fieldFigure = Figure(
    title: "−ε̂(x, t) on a grid (rows: denoisers; data in gray)", panels: fieldPanels, columns: fieldSteps.count)
fieldFigure.panelWidth = 320
fieldFigure.panelHeight = 320
book.save(
    fieldFigure, data: fieldCSV, as: "eps_field",
    caption: "Arrows: the predicted −ε at each grid point, scaled by 0.08.")

book.cell("Saving the model")
let checkpoint = book.url("model.ckpt")
let provenance = ModelProvenance(
    dataset: options.dataset.rawValue, preset: options.preset.training, training: configuration, date: Date())
orFail { try SavedModel(network: network, provenance: provenance).save(to: book.writeURL(for: checkpoint)) }
let savedTo = checkpoint.pathFromCurrentFolder
// Lessons 05, 06 and 08 look for it beside their own output folder, then at the default.
let loadedBy =
    options.common.output == nil
    ? "Lessons 05, 06 and 08 load it"
    : "Lessons 05, 06 and 08 load it when their --output is beside this folder (or with --checkpoint \(savedTo))"
book.result("saved the EMA weights and what made them to \(savedTo) — \(loadedBy)")

book.finish(exercises: ["gaussianKL", "vlbWeight", "simpleLoss", "linearBackward", "adamStep", "huberLoss"])
