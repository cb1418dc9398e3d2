// Lesson 06 — DDIM: fewer steps, and a deterministic path from noise to data.
// Song et al. 2021 keep the training of DDPM but change the forward process: a family of
// non-Markovian processes with DDPM's marginals, indexed by η, whose reverse may run on a
// sub-sequence of S of the T steps. η = 0 is an ODE: same x_T, same x_0.
import ArgumentParser
import Diffusion
import ExerciseChecks
import Foundation
import Plot
import TrainedModels
import Workbook

struct Options: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "Lesson06",
        abstract:
            "DDIM with η: its non-Markovian forward process, the DDIM paper's Table 1 in 2D, determinism, encoding and decoding, consistency, interpolation."
    )
    @OptionGroup var common: LessonOptions
    @OptionGroup var denoiser: DenoiserOptions
    @Option(help: "S, the number of DDIM steps for the determinism, interpolation and animation cells (1…T).")
    var steps = 50
    @Option(help: "η in [0, 1]: 0 is deterministic DDIM, 1 is DDPM-like noise (DDIM eq. 16).")
    var eta = 0.0
    @Flag(help: ArgumentHelp(Mine.help))
    var mine = false
}

let options = Options.parseOrFail()
let book = Notebook(lesson: "Lesson06", title: "DDIM sampling with η", options: options.common)
let quick = options.common.quick
let setup = SamplingSetup.prepare(options.denoiser, book: book)
let schedule = setup.schedule
let T = schedule.timesteps
orFail { try DDIMSampler.validate(steps: options.steps, eta: options.eta, timesteps: T) }
let seed = options.common.seed
let yours = orFail { try DDIMSampler(schedule: schedule, steps: options.steps, eta: options.eta) }
let mine = orFail { try Mine(enabled: options.mine, sampler: yours) }

forwardProcessCells(book: book, schedule: schedule, dataset: setup.denoisers[0].dataset, seed: seed, quick: quick)

book.cell("The DDIM update")
book.say("""
    The sampler is q_σ with the unknown x_0 replaced by the network's guess (Song et al. 2021, \
    eq. 12). From x_t to an earlier x_s in three moves: predict x̂_0 = (x_t − √(1 − ᾱ_t) ε̂)/√ᾱ_t, \
    point back along the predicted noise, and add fresh noise of size \
    σ_t(η) = η √((1 − ᾱ_s)/(1 − ᾱ_t)) √(1 − ᾱ_t/ᾱ_s) (eq. 16):
    x_s = √ᾱ_s x̂_0 + √(1 − ᾱ_s − σ²) ε̂ + σ z. \
    With η = 1 and every step (S = T) it is DDPM with σ² = β̃; with η = 0 it adds no noise at all. \
    Any η may run on S of the T time steps, spaced evenly: the marginals above allow it.
    """)

book.cell("The DDIM paper's Table 1, in 2D")
let count = quick ? 300 : 1000
let stepCounts = Array(Set([10, 20, 50, 100, T].filter { $0 <= T })).sorted()
let etas = [0.0, 0.2, 0.5, 1.0]
book.say("""
    For each denoiser, S ∈ \(stepCounts) and η ∈ \(etas): \(count) samples from the same x_T, \
    scored by the energy distance to \(count) held-out data points. Even perfect samples score \
    above 0 at this size: the floor is the distance between two independent draws of the data \
    (in the CSV), itself one noisy draw, so the tables divide by its expected value instead, \
    (1/n + 1/m) E‖X − X′‖ — so 1× means as good as fresh data.
    """)
var tableCSV = CSVTable(columns: [
    "denoiser", "steps", "eta", "energy_distance", "floor", "model_calls", "seconds", "expected_floor",
])
var tablePanels: [Panel] = []
var secondsPerStep: [Int: [Double]] = [:]
/// The lead denoiser's η = 0 samples at each S: all decoded from the same x_T.
var deterministicSamples: [Int: [SIMD2<Double>]] = [:]
/// The lead denoiser's samples and their score at every S and η ("50 0.2"), for the page's sliders.
var tableSamples: [String: (points: [SIMD2<Double>], ratio: Double)] = [:]
/// Per denoiser: the η = 0 and η = 1 ratios at the fewest and at all steps.
var fewStepGaps: [(name: String, few0: Double, few1: Double, all0: Double, all1: Double)] = []
/// Per denoiser, the η that scores best at each S (in the order of `stepCounts`), and whether η = 1 is worst.
var bestEtas: [(name: String, best: [Double], oneWorstAtFewest: Bool, spreadAtAll: Double)] = []
/// One draw of the floor over its expected value (the same held-out draws for every row).
var floorDrawRatio = 1.0
for denoiser in setup.denoisers {
    let held = denoiser.heldOut(count: count, seed: seed)
    var table = TextTable(columns: ["\(denoiser.name): S"] + etas.map { "η = \($0)" })
    var panel = Panel(
        title: "\(denoiser.name) denoiser (\(denoiser.dataset.rawValue))", xLabel: "DDIM steps S",
        yLabel: "energy distance / expected floor")
    panel.xScale = .log
    panel.yScale = .log
    var ratios: [Double: [Double]] = [:]
    for steps in stepCounts {
        var row = ["\(steps)"]
        for eta in etas {
            let sampler = orFail { try DDIMSampler(schedule: schedule, steps: steps, eta: eta) }
            let start = Date()
            let samples = sampler.run(predictor: denoiser.predictor, count: count, dimension: 2, seed: seed).points
            let seconds = Date().timeIntervalSince(start)
            let score = EnergyDistanceComparison(samples: samples, data: held.data, independentData: held.independent)
            let ratio = score.distance / score.expectedFloor
            floorDrawRatio = score.floor / score.expectedFloor
            ratios[eta, default: []].append(ratio)
            if denoiser.name == setup.denoisers[0].name {
                secondsPerStep[steps, default: []].append(seconds)
                if eta == 0 { deterministicSamples[steps] = samples }
                tableSamples["\(steps) \(eta)"] = (samples, ratio)
            }
            tableCSV.append([
                .text(denoiser.name), .int(steps), .number(eta), .number(score.distance), .number(score.floor),
                .int(steps), .number(seconds), .number(score.expectedFloor),
            ])
            row.append(Format.ratio(ratio))
        }
        table.append(row)
    }
    book.show(table)
    fewStepGaps.append((denoiser.name, ratios[0]![0], ratios[1]![0], ratios[0]!.last!, ratios[1]!.last!))
    let best = stepCounts.indices.map { k in etas.min { ratios[$0]![k] < ratios[$1]![k] }! }
    let atAll = etas.map { ratios[$0]!.last! }
    bestEtas.append(
        (denoiser.name, best, etas.allSatisfy { ratios[$0]![0] <= ratios[1]![0] }, atAll.max()! / atAll.min()!))
    panel.lines = etas.map { eta in LineSeries(label: "η = \(eta)", xs: stepCounts.map(Double.init), ys: ratios[eta]!) }
    panel.lines.append(
        LineSeries(
            label: "floor", xs: stepCounts.map(Double.init), ys: stepCounts.map { _ in 1 }, color: .gray, style: .dotted
        ))
    tablePanels.append(panel)
}
book.save(
    Figure(
        title: "Sample quality against DDIM steps (lower is better; 1 = as good as fresh data)", panels: tablePanels),
    data: tableCSV, as: "ddim_table", caption: "Energy distance over its floor, per denoiser, against S for each η.")
for gap in fewStepGaps {
    book.result(
        "\(gap.name): at S = \(stepCounts[0]), η = 0 scores \(Format.ratio(gap.few0)) and η = 1 scores \(Format.ratio(gap.few1)); "
            + "at S = \(stepCounts.last!), \(Format.ratio(gap.all0)) and \(Format.ratio(gap.all1))")
}
// What the tables say about η at the fewest steps and at the next S, from the numbers above.
let zeroBestAtFewest = bestEtas.allSatisfy { $0.best[0] == 0 }
let oneWorstAtFewest = bestEtas.allSatisfy(\.oneWorstAtFewest)
let fewest = stepCounts[0]
// The weight with which q_σ(x_s | x_t) carries Var(x_0 | x_t), k² = (√ᾱ_s − √ᾱ_t √(1 − ᾱ_s − σ²)/√(1 − ᾱ_t))²,
// on one step of the S-step grid, for η = 0 and η = 1.
let ignoredGrid = TimestepSpacing.uniform.timesteps(count: fewest, of: schedule.timesteps)
let (ignoredT, ignoredS) = (ignoredGrid[min(3, ignoredGrid.count - 1)], ignoredGrid[min(2, ignoredGrid.count - 2)])
func ignoredWeight(eta: Double, from ignoredT: Int, to ignoredS: Int) -> Double {
    let (aT, aS) = (schedule.alphaBar(ignoredT), schedule.alphaBar(ignoredS))
    let sigma2 = eta * eta * (1 - aS) / (1 - aT) * (1 - aT / aS)
    let k = aS.squareRoot() - aT.squareRoot() * (1 - aS - sigma2).squareRoot() / (1 - aT).squareRoot()
    return k * k
}
let ignoredWeights = [0.0, 1.0].map { ignoredWeight(eta: $0, from: ignoredT, to: ignoredS) }
let oneStepWeight = ignoredWeight(eta: 1, from: ignoredT, to: ignoredT - 1)
let fewestVerdict =
    zeroBestAtFewest && oneWorstAtFewest
    ? "At S = \(fewest), η = 0 scores best and η = 1 worst for every denoiser."
    : "At S = \(fewest) the best η is " + bestEtas.map { "\($0.best[0]) (\($0.name))" }.joined(separator: ", ") + "."
let nextVerdict =
    stepCounts.count > 1
    ? " At S = \(stepCounts[1]) the best is "
        + bestEtas.map { "η = \($0.best[1]) (\($0.name))" }.joined(separator: ", ") + "."
    : ""
book.say("""
    \(fewestVerdict)\(nextVerdict) The DDIM paper's Table 1 finds η = 0 best at every S from 10 to 100 on \
    CIFAR10 and CelebA images; on the ring these tables support that only as far as the line above says. \
    \(oneWorstAtFewest ? """
        Why does η = 1 lose with the fewest steps? Every step draws x_s as if x_0 were the point estimate \
        x̂_0 = E[x_0 | x_t], and so ignores the spread Var(x_0 | x_t) that the process's own q_σ(x_s | x_t) \
        carries with weight k² = (√ᾱ_s − √ᾱ_t √(1 − ᾱ_s − σ²)/√(1 − ᾱ_t))². That weight grows with σ and with \
        the length of the jump: on the S = \(fewest) step from t = \(ignoredT) to \(ignoredS) it is \
        \(Format.number(ignoredWeights[0], digits: 3)) for η = 0 and \(Format.number(ignoredWeights[1], digits: 3)) \
        for η = 1, against \(Format.number(oneStepWeight, digits: 2)) for η = 1 on the single step from t = \
        \(ignoredT) to \(ignoredT - 1); so even the ideal denoiser pays for it, and more with η = 1. 
        """ : "")\
    The ideal denoiser shows the samplers' own error; the trained network adds its own on top. Each \
    entry is one noisy estimate at \(count) points: two draws of the data itself, the CSV's \
    floor column, score \(Format.ratio(floorDrawRatio)) the expected floor here, and Lesson 05 \
    shows a score moving by a factor of two and more from seed to seed. Compare trends, not cells\
    \(bestEtas.allSatisfy { $0.spreadAtAll < 2 } ? ": with S = \(stepCounts.last!), for instance, the η columns differ by less than a factor of two, within that noise." : ".")
    """)

let main = setup.denoisers[0]
book.say("""
    On the page, two sliders set S and η and show the \(main.name) denoiser's samples there over held-out \
    data, with every denoiser's row of ddim_table.csv at that setting.
    """)
let tableHeld = main.heldOut(count: count, seed: seed).independent
var settings = Sweep(controls: ["S", "η"], columns: tableCSV.columns)
var settingPoints = CSVTable(columns: ["steps", "eta", "point", "x", "y"])
for steps in stepCounts {
    for eta in etas {
        let (samples, ratio) = tableSamples["\(steps) \(eta)"]!
        let rows = tableCSV.rows.filter { $0[1] == .int(steps) && $0[2] == .number(eta) }
        var panel = Panel(
            title: "S = \(steps), η = \(eta): \(Format.ratio(ratio)) the floor",
            xLabel: "x", yLabel: "y")
        panel.scatters = [
            ScatterLayer(label: "held-out data", points: tableHeld, color: .gray, alpha: 0.25),
            ScatterLayer(label: "samples", points: samples),
        ]
        panel.equalAspect = true
        panel.xRange = main.view
        panel.yRange = main.view
        settings.append(["\(steps)", "\(eta)"], frame: AnimationFrame.png(panel), rows: rows)
        for (i, p) in samples.enumerated() {
            settingPoints.append([.int(steps), .number(eta), .int(i), .number(p.x), .number(p.y)])
        }
    }
}
book.save(
    settings, as: "ddim_settings",
    caption: "The \(main.name) denoiser's samples at each S and η of the table; the CSV holds their scores.",
    initial: (stepCounts.count / 2) * etas.count)
book.save(data: settingPoints, as: "ddim_settings_points", caption: "the samples drawn at each S and η")

book.cell("Your settings: S = \(options.steps), η = \(options.eta)" + MineReport.mark(mine.ddimStep))
let yourSamples = mine.run(yours, predictor: main.predictor, count: count, seed: seed).points
MineReport.lines(mine.ddimStep, mine.ddimSigma).forEach(book.result)
let yourHeld = main.heldOut(count: count, seed: seed)
let yourScore = EnergyDistanceComparison(
    samples: yourSamples, data: yourHeld.data, independentData: yourHeld.independent)
book.say(
    "\(count) samples from the \(main.name) denoiser with the S and η you chose (change them with --steps and --eta).")
book.result(
    "energy distance \(Format.number(yourScore.distance, digits: 3)); floor from two data draws \(Format.number(yourScore.floor, digits: 3)), "
        + "expected floor \(Format.number(yourScore.expectedFloor, digits: 3)): \(Format.ratio(yourScore.distance / yourScore.expectedFloor)) the expected floor"
)
var yourPanel = Panel(
    title: "DDIM, S = \(options.steps), η = \(options.eta)" + MineReport.mark(mine.ddimStep), xLabel: "x", yLabel: "y")
yourPanel.scatters = [
    ScatterLayer(label: "held-out data", points: yourHeld.independent, color: .gray, alpha: 0.25),
    ScatterLayer(label: "samples", points: yourSamples),
]
yourPanel.equalAspect = true
yourPanel.xRange = main.view
yourPanel.yRange = main.view
var yourCSV = CSVTable(columns: ["set", "point", "x", "y"])
for (name, points) in [("sample", yourSamples), ("data", yourHeld.independent)] {
    for (i, p) in points.enumerated() { yourCSV.append([.text(name), .int(i), .number(p.x), .number(p.y)]) }
}
book.save(
    Figure(title: nil, panels: [yourPanel]), data: yourCSV, as: "samples",
    caption: "Your DDIM samples over held-out data.")

book.cell("η = 0 is deterministic")
let xT = NoiseStreams.initialNoise(count: 500, dimension: 2, seed: seed)
let ddim = orFail { try DDIMSampler(schedule: schedule, steps: options.steps, eta: 0) }
let deterministicFirstSeed = ddim.run(predictor: main.predictor, from: xT, dimension: 2, seed: seed &+ 1).samples
let deterministicSecondSeed = ddim.run(predictor: main.predictor, from: xT, dimension: 2, seed: seed &+ 2).samples
let noisy = orFail { try DDIMSampler(schedule: schedule, steps: options.steps, eta: 1) }
let stochasticFirstSeed = noisy.run(predictor: main.predictor, from: xT, dimension: 2, seed: seed &+ 1).samples
let stochasticSecondSeed = noisy.run(predictor: main.predictor, from: xT, dimension: 2, seed: seed &+ 2).samples
let deterministicGap = zip(deterministicFirstSeed, deterministicSecondSeed).map { abs($0 - $1) }.max() ?? 0
let stochasticGap = zip(stochasticFirstSeed, stochasticSecondSeed).map { abs($0 - $1) }.max() ?? 0
book.say("The same 500 starting points x_T, sampled twice with S = \(options.steps) under two different noise seeds:")
book.result(
    "η = 0: largest difference between the two runs \(Format.number(deterministicGap, digits: 2)) (the noise seed is never used)"
)
book.result("η = 1: largest difference \(Format.number(stochasticGap, digits: 3)) (each run draws its own z)")

consistencyCell(book: book, samples: deterministicSamples, timesteps: T, view: main.view, denoiser: main.name)

book.cell("Encoding and decoding")
// q(x_τ)'s variance per coordinate, ᾱ_τ Var(x_0) + 1 − ᾱ_τ, with Var(x_0) estimated from the held-out data.
let lastTau = orFail { try DDIMSampler(schedule: schedule, steps: options.steps, eta: 0) }.timesteps.last!
let heldData = main.heldOut(count: 2000, seed: seed).independent
let dataVariance = (Moments.variance(heldData.map(\.x)) + Moments.variance(heldData.map(\.y))) / 2
let latentVariance = schedule.alphaBar(lastTau) * dataVariance + 1 - schedule.alphaBar(lastTau)
let roundTripCount = quick ? 100 : 300
let roundTripSteps = Array(Set([10, 20, 50, 100, 200, T].filter { $0 <= T })).sorted()
book.say("""
    Divided by √ᾱ, the η = 0 update from t to s reads (Song et al. 2021, eq. 13) \
    x_s/√ᾱ_s = x_t/√ᾱ_t + (√((1 − ᾱ_s)/ᾱ_s) − √((1 − ᾱ_t)/ᾱ_t)) ε̂(x_t, t). \
    Name x̄ = x/√ᾱ and σ = √((1 − ᾱ)/ᾱ): the update is x̄_s = x̄_t + (σ_s − σ_t) ε̂, which is Euler's \
    rule y_{n+1} = y_n + h f(y_n) with step h = σ_s − σ_t for the ordinary differential equation \
    dx̄/dσ = ε_θ(x, t). Since σ² + 1 = 1/ᾱ, the network's input is x = √ᾱ x̄ = x̄/√(σ² + 1), which \
    gives Song et al.'s eq. 14, dx̄ = ε_θ(x̄/√(σ² + 1), t) dσ. They show (§4.3) that it is the \
    probability-flow ODE of Song et al. 2021b: its solutions carry the marginals q(x_t) along, so \
    it maps noise to data deterministically. Lesson 08 derives that ODE from the score and checks it; \
    here we use only that it is an ODE, and an ODE runs either \
    way: Euler steps up the same sub-sequence turn data into a latent, x_0 → x_{τ_S} (for \
    S = \(options.steps), τ_S = \(lastTau), not T). \
    Decoding that latent with the same steps should give x_0 back; the error is the Euler \
    method's, shrinking as S grows (once the steps are small, halving when S doubles: a first-order method; at S = 10 \
    and 20 the steps are too large for that rate). The \
    latent's variance per coordinate should be q(x_{τ_S})'s, ᾱ_{τ_S} Var(x_0) + 1 − ᾱ_{τ_S} \
    (= \(Format.number(latentVariance, digits: 4)) at S = \(options.steps)); the same error shrinks it at small S. \
    \(roundTripCount) data points, \(main.name) denoiser:
    """)
var roundTripCSV = CSVTable(columns: ["steps", "rms_error", "max_error", "latent_variance"])
var roundTripTable = TextTable(columns: ["S", "rms error", "max error", "variance of x_{τ_S}"])
var rng = Xoshiro256(seed: seed)
let x0 = main.dataset.sample(count: roundTripCount, using: &rng).flattened
var rmsErrors: [Double] = []
for steps in roundTripSteps {
    let sampler = orFail { try DDIMSampler(schedule: schedule, steps: steps, eta: 0) }
    let latent = sampler.encode(predictor: main.predictor, x0: x0, dimension: 2).samples
    let back = sampler.decode(predictor: main.predictor, xT: latent, dimension: 2).samples
    let errors = zip(back, x0).map { $0 - $1 }
    let rms = (errors.map { $0 * $0 }.reduce(0, +) / Double(errors.count)).squareRoot()
    let worst = errors.map(abs).max() ?? 0
    rmsErrors.append(rms)
    roundTripCSV.append([.int(steps), .number(rms), .number(worst), .number(Moments.variance(latent))])
    roundTripTable.append([
        "\(steps)", Format.number(rms, digits: 3), Format.number(worst, digits: 3),
        Format.number(Moments.variance(latent), digits: 3),
    ])
}
book.show(roundTripTable)
var roundTripPanel = Panel(
    title: "x_0 → x_{τ_S} → x_0 with η = 0", xLabel: "DDIM steps S", yLabel: "rms round-trip error")
roundTripPanel.xScale = .log
roundTripPanel.yScale = .log
roundTripPanel.lines = [LineSeries(label: "\(main.name) denoiser", xs: roundTripSteps.map(Double.init), ys: rmsErrors)]
roundTripPanel.scatters = [
    ScatterLayer(
        points: zip(roundTripSteps, rmsErrors).map { SIMD2(Double($0), $1) }, color: Color.palette[0], radius: 4,
        alpha: 1)
]
book.save(
    Figure(title: nil, panels: [roundTripPanel]), data: roundTripCSV, as: "round_trip",
    caption: "Round-trip error of encoding then decoding against the number of steps.")

book.cell("Interpolating between two latents")
let interpolationCount = quick ? 300 : 1000
let z0 = NoiseStreams.initialNoise(count: interpolationCount, dimension: 2, seed: seed &+ 10)
let z1 = NoiseStreams.initialNoise(count: interpolationCount, dimension: 2, seed: seed &+ 11)
let fractions = quick ? [0, 0.5, 1] : (0...20).map { Double($0) / 20 }
let latentAngle = angle(z0, z1) * 180 / Double.pi
book.say("""
    Two independent latent sets z₀ and z₁ (\(interpolationCount) points each), mixed by spherical \
    interpolation, slerp (Shoemake 1985; Song et al. 2021, §5.3). One 2D point's norm is not \
    concentrated, so the lesson slerps each whole set as one vector of \(2 * interpolationCount) values: two \
    independent Gaussian vectors that long stand nearly at right angles (here θ = \
    \(Format.number(latentAngle, digits: 4))°), \
    so slerp(z₀, z₁, α) ≈ cos(απ/2) z₀ + sin(απ/2) z₁ for every point, again N(0, I) because \
    cos² + sin² = 1. A straight line (1 − α) z₀ + α z₁ is not: at α = ½ its variance is ½. \
    Decoded with η = 0, S = \(options.steps): each point slides along the data as the fraction \
    runs from 0 to 1; eight of them are drawn large and coloured.
    """)
let halfway = slerp(z0, z1, fraction: 0.5)
let straight = zip(z0, z1).map { ($0 + $1) / 2 }
book.result(
    "variance of the values at α = ½: slerp \(Format.number(Moments.variance(halfway), digits: 3)), straight line \(Format.number(Moments.variance(straight), digits: 3))"
)
var interpolationCSV = CSVTable(columns: ["fraction", "point", "x", "y"])
var interpolationPanels: [Panel] = []
var interpolationFrames: [[UInt8]] = []
for (k, fraction) in fractions.enumerated() {
    let decoded = ddim.decode(predictor: main.predictor, xT: slerp(z0, z1, fraction: fraction), dimension: 2).points
    for (i, p) in decoded.enumerated() {
        interpolationCSV.append([.number(fraction), .int(i), .number(p.x), .number(p.y)])
    }
    var panel = Panel(title: "fraction \(Format.number(fraction, digits: 2))")
    // Eight chains drawn large and coloured, so you can follow them from panel to panel.
    panel.scatters =
        [ScatterLayer(points: decoded, color: .gray, alpha: 0.3)]
        + (0..<8).map { ScatterLayer(points: [decoded[$0]], color: Color.palette[$0], radius: 6, alpha: 1) }
    panel.equalAspect = true
    panel.xRange = main.view
    panel.yRange = main.view
    interpolationFrames.append(AnimationFrame.png(panel))
    if quick || k % 5 == 0 {
        panel.showAxes = false
        interpolationPanels.append(panel)
    }
}
var interpolationFigure = Figure(
    title: "Decoding slerp(z₀, z₁, fraction) with DDIM, η = 0, S = \(options.steps)", panels: interpolationPanels)
interpolationFigure.panelWidth = 260
interpolationFigure.panelHeight = 260
book.save(
    interpolationFigure, data: interpolationCSV, as: "interpolation",
    caption: "Samples decoded from latents between z₀ (left) and z₁ (right).")
book.saveAnimation(
    frames: interpolationFrames, data: interpolationCSV, as: "interpolation_animation",
    caption: "The same interpolation as an animation.", delayMilliseconds: 120)

book.cell("Time grows linearly with S")
var timeTable = TextTable(columns: ["S", "seconds (mean over η)", "ms per step"])
for steps in stepCounts {
    let seconds = Moments.mean(secondsPerStep[steps] ?? [0])
    timeTable.append([
        "\(steps)", Format.number(seconds, digits: 3), Format.number(1000 * seconds / Double(steps), digits: 3),
    ])
}
book.say(
    "Each step costs one call of the \(setup.denoisers[0].name) network on \(count) points, so the time per step stays flat (from the Table 1 runs above):"
)
book.show(timeTable)

book.finish(exercises: ["ddimSigma", "ddimStep", "slerp"])
