// Lesson 05 — DDPM sampling: running the chain backwards.
// Start from pure noise and apply Ho et al.'s Algorithm 2, T times: predict the noise,
// step to the posterior mean, add a little fresh noise. Data appears.
import ArgumentParser
import Diffusion
import ExerciseChecks
import Foundation
import Plot
import TrainedModels
import Workbook

struct Options: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "Lesson05",
        abstract: "DDPM ancestral sampling: the reverse process, trajectories, σ² = β against β̃, and sample quality.")
    @OptionGroup var common: LessonOptions
    @OptionGroup var denoiser: DenoiserOptions
    @Option(help: "The reverse variance σ_t² for the main figures: beta or beta-tilde (Ho et al. 2020, §3.2).")
    var variance: ReverseVariance = .beta
    @Flag(help: ArgumentHelp(Mine.help))
    var mine = false
}

let options = Options.parseOrFail()
let book = Notebook(lesson: "Lesson05", title: "DDPM sampling", options: options.common)
let quick = options.common.quick
let setup = SamplingSetup.prepare(options.denoiser, book: book)
let schedule = setup.schedule
let mine = orFail { try Mine(enabled: options.mine, schedule: schedule) }
let T = schedule.timesteps
let seed = options.common.seed
let main = setup.denoisers[0]
let count = quick ? 300 : 2000

book.cell("Algorithm 2")
book.say("""
    Sampling (Ho et al. 2020, Algorithm 2) starts from x_T ~ N(0, I) and, for t = T … 1, sets \
    x_{t−1} = (x_t − β_t/√(1 − ᾱ_t) · ε̂(x_t, t))/√α_t + σ_t z with fresh z ~ N(0, I), no noise at \
    the last step. The mean is eq. 11 from Lesson 03 with the network's ε̂ in place of the true \
    noise; σ_t² is β_t or β̃_t, the two choices the paper found to work about equally well (§3.2). \
    Here: the \(main.name) denoiser, σ² = \(options.variance.symbol), T = \(T), \(count) samples.
    """)
let sampler = DDPMSampler(schedule: schedule, variance: options.variance)

book.cell("The reverse process" + MineReport.mark(mine.ddpmStep))
let fractions = [1.0, 0.8, 0.6, 0.4, 0.2, 0.1, 0.05, 0]
let shownSteps = Set(fractions.map { Int(($0 * Double(T)).rounded()) })
let frameStride = max(1, T / 50)
let run = mine.run(sampler, predictor: main.predictor, count: count, seed: seed, record: .every(frameStride))
MineReport.lines(mine.ddpmStep).forEach(book.result)
// The panels show the recorded frames nearest to the chosen t.
let shownFrames = Set(shownSteps.map { t in run.trajectory.min { abs($0.t - t) < abs($1.t - t) }!.t })
// When the chains take the data's shape: the energy distance from 1000 of them to 1000 held-out points at each
// recorded t, above its value at t = 0 (the samples' own), and the largest t where that excess is below a share
// of x_T's.
let shapeData = Array(main.heldOut(count: count, seed: seed).data.prefix(1000))
let shapeDistances = run.trajectory.map { frame in
    (t: frame.t, d: energyDistance(Array([SIMD2<Double>](flat: frame.samples).prefix(1000)), shapeData))
}
let (startDistance, endDistance) = (shapeDistances.max { $0.t < $1.t }!.d, shapeDistances.min { $0.t < $1.t }!.d)
func closedBy(_ share: Double) -> Int {
    shapeDistances.filter { $0.d - endDistance < (1 - share) * (startDistance - endDistance) }.map(\.t).max() ?? 0
}
book.say("""
    The same \(count) chains, stopped at t = \(shownFrames.sorted(by: >).map(String.init).joined(separator: ", ")). \
    Noise gathers into the data's shape late: the energy distance from the chains to the data, less the final \
    samples' own, has fallen by half only at t = \(closedBy(0.5)) and by nine tenths at t = \(closedBy(0.9)), \
    of T = \(T).
    """)
var reverseCSV = CSVTable(columns: ["t", "point", "x", "y"])
var reversePanels: [Panel] = []
for frame in run.trajectory where shownFrames.contains(frame.t) {
    let points = [SIMD2<Double>](flat: frame.samples)
    for (i, p) in points.enumerated() { reverseCSV.append([.int(frame.t), .int(i), .number(p.x), .number(p.y)]) }
    var panel = Panel(title: frame.t == T ? "x_T ~ N(0, I)" : (frame.t == 0 ? "x_0: samples" : "t = \(frame.t)"))
    panel.scatters = [ScatterLayer(points: points)]
    panel.xRange = -3.5...3.5
    panel.yRange = -3.5...3.5
    panel.equalAspect = true
    panel.showAxes = false
    reversePanels.append(panel)
}
var reverseFigure = Figure(
    title: "DDPM reverse process, \(main.name) denoiser, σ² = \(options.variance.symbol) (axes from −3.5 to 3.5)"
        + MineReport.mark(mine.ddpmStep),
    panels: reversePanels, columns: 4)
reverseFigure.panelWidth = 260
reverseFigure.panelHeight = 260
book.save(reverseFigure, data: reverseCSV, as: "reverse", caption: "Samples at decreasing t, from noise to data.")

book.cell("Trajectories of a few points" + MineReport.mark(mine.ddpmStep))
let traced = 6
book.say("""
    The first \(traced) of those chains, every step: each coordinate against t, and where the \
    chains end. Each step adds fresh noise, so a chain is a random walk whose steps shrink as t \
    falls, pulled toward one of the data's clusters in the last few hundred steps.
    """)
let held = main.heldOut(count: count, seed: seed)
// Per-sample noise streams: chains 0…5 of a batch of 6 are chains 0…5 of the batch above.
let paths = mine.run(sampler, predictor: main.predictor, count: traced, seed: seed, record: .every(1))
MineReport.lines(mine.ddpmStep).forEach(book.result)
var trajectoryCSV = CSVTable(columns: ["point", "t", "x", "y"])
var coordinatePanels = ["x", "y"].map { (name: String) in
    Panel(title: "coordinate \(name) of each chain", xLabel: "t (sampling runs from right to left)", yLabel: name)
}
for i in 0..<traced {
    let path = paths.trajectory.map { SIMD2($0.samples[2 * i], $0.samples[2 * i + 1]) }
    for (frame, p) in zip(paths.trajectory, path) {
        trajectoryCSV.append([.int(i), .int(frame.t), .number(p.x), .number(p.y)])
    }
    let times = paths.trajectory.map { Double($0.t) }
    for d in 0..<2 {
        coordinatePanels[d].lines.append(
            LineSeries(xs: times, ys: path.map { $0[d] }, color: Color.palette[i % Color.palette.count], width: 1))
    }
}
var endPanel = Panel(title: "where they end, over held-out data", xLabel: "x", yLabel: "y")
endPanel.scatters = [ScatterLayer(label: "held-out data", points: held.independent, color: .gray, alpha: 0.35)]
for i in 0..<traced {
    endPanel.scatters.append(
        ScatterLayer(
            points: [SIMD2(paths.samples[2 * i], paths.samples[2 * i + 1])],
            color: Color.palette[i % Color.palette.count], radius: 6, alpha: 1))
}
endPanel.equalAspect = true
endPanel.xRange = main.view
endPanel.yRange = main.view
for d in 0..<2 {
    coordinatePanels[d].xRange = 0...Double(T)
    coordinatePanels[d].yRange = -3...3
}
let trajectoryFigure = Figure(
    title: "\(traced) DDPM chains, step by step" + MineReport.mark(mine.ddpmStep), panels: coordinatePanels + [endPanel]
)
book.save(
    trajectoryFigure, data: trajectoryCSV, as: "trajectories",
    caption: "Each colour is one chain: its x and y against t, and its end point x_0.")

book.cell("How good are the samples?" + MineReport.mark(mine.ddpmStep))
book.say("""
    The energy distance D² = 2E‖X − Y‖ − E‖X − X′‖ − E‖Y − Y′‖ (Székely & Rizzo 2013) is zero \
    only when samples X and data Y have the same distribution. At \(count) points it never is \
    exactly zero, so each number stands beside its floor: the distance between two independent \
    draws of the data, and its expected value (1/n + 1/m) E‖X − X′‖, steadier than one draw; the \
    ratio uses the expected floor, so 1× means as good as fresh data. Both variance choices, the trained network, the \
    ideal denoiser of the \
    ring (which knows the true distribution, so it shows the sampler's own error), and Siddiqui's \
    2D tutorial setup, trained here for \(setup.tutorialSteps) steps on its own schedule.
    """)
let tutorial = setup.tutorialDenoiser(book: book)
var qualityCSV = CSVTable(columns: [
    "denoiser", "variance", "energy_distance", "floor", "expected_floor", "ratio_to_expected_floor", "dataset",
    "samples", "timesteps",
])
var qualityTable = TextTable(columns: [
    "denoiser", "σ²", "energy distance", "floor (two draws)", "expected floor", "÷ expected", "T",
])
var qualityPanels: [Panel] = []
var varianceRatios: [(denoiser: String, row: String, ratios: [Double])] = []  // each denoiser's with σ² = β_t and β̃_t
for denoiser in setup.denoisers + [tutorial] {
    let denoiserHeld = denoiser.heldOut(count: count, seed: seed)
    for variance in ReverseVariance.allCases {
        // The lead denoiser's run with the chosen variance is the one drawn above.
        let samples =
            denoiser.name == main.name && variance == options.variance
            ? run.points
            : DDPMSampler(schedule: denoiser.predictor.schedule, variance: variance)
                .run(predictor: denoiser.predictor, count: count, dimension: 2, seed: seed).points
        let score = EnergyDistanceComparison(
            samples: samples, data: denoiserHeld.data, independentData: denoiserHeld.independent)
        let steps = denoiser.predictor.schedule.timesteps
        let yours = denoiser.name == main.name && variance == options.variance ? MineReport.mark(mine.ddpmStep) : ""
        qualityCSV.append([
            .text(denoiser.name), .text(variance.rawValue), .number(score.distance), .number(score.floor),
            .number(score.expectedFloor), .number(score.distance / score.expectedFloor),
            .text(denoiser.dataset.rawValue), .int(count), .int(steps),
        ])
        let ratio = score.distance / score.expectedFloor
        if variance == ReverseVariance.allCases[0] { varianceRatios.append((denoiser.name, denoiser.name + yours, [])) }
        varianceRatios[varianceRatios.count - 1].ratios.append(ratio)
        qualityTable.append([
            denoiser.name + yours, variance.symbol, Format.number(score.distance, digits: 3),
            Format.number(score.floor, digits: 3),
            Format.number(score.expectedFloor, digits: 3), Format.ratio(ratio), "\(steps)",
        ])
        var panel = Panel(title: "\(denoiser.name), σ² = \(variance.symbol): \(Format.ratio(ratio))\(yours)")
        panel.scatters = [
            ScatterLayer(points: denoiserHeld.independent, color: .lightGray, alpha: 0.5),
            ScatterLayer(points: samples, radius: 1.2),
        ]
        panel.equalAspect = true
        panel.xRange = main.view
        panel.yRange = main.view
        panel.showAxes = false
        qualityPanels.append(panel)
    }
}
book.show(qualityTable)
var qualityFigure = Figure(
    title: "DDPM samples (blue) over data (gray), × floor" + MineReport.mark(mine.ddpmStep),
    panels: qualityPanels, columns: 2)
qualityFigure.panelWidth = MineReport.mark(mine.ddpmStep).isEmpty ? 300 : 360  // room for the mark in the titles
qualityFigure.panelHeight = 300
book.save(
    qualityFigure, data: qualityCSV, as: "quality",
    caption:
        "Samples of each denoiser and variance choice; each title gives its energy distance over the expected floor.")
let tutorialSchedule = tutorial.predictor.schedule
let tutorialT = tutorialSchedule.timesteps
let perfectRun = DDPMSampler(schedule: tutorialSchedule, variance: .beta)
    .run(
        predictor: IdealDenoiser(mixture: .ring(), schedule: tutorialSchedule), count: count, dimension: 2, seed: seed,
        record: .every(max(1, tutorialT / 10)))
let perfectTutorial = perfectRun.points
let ringHeld = setup.denoisers.first { $0.name == "ideal" }!.heldOut(count: count, seed: seed)
// How much one score moves from draw to draw: the ideal denoiser (σ² = β_t) on four more seeds.
let ideal = setup.denoisers.first { $0.name == "ideal" }!
let idealSeedRatios = (1...4).map { offset -> Double in
    let otherSeed = seed &+ UInt64(offset)
    let otherHeld = ideal.heldOut(count: count, seed: otherSeed)
    let points = DDPMSampler(schedule: ideal.predictor.schedule, variance: .beta)
        .run(predictor: ideal.predictor, count: count, dimension: 2, seed: otherSeed).points
    let score = EnergyDistanceComparison(samples: points, data: otherHeld.data, independentData: otherHeld.independent)
    return score.distance / score.expectedFloor
}
let perfectScore = EnergyDistanceComparison(
    samples: perfectTutorial, data: ringHeld.data, independentData: ringHeld.independent)
// Alike: for each denoiser, the two choices' ratios lie closer together than the ideal's five seeds' do.
let idealSeeds = idealSeedRatios + [varianceRatios.first { $0.denoiser == ideal.name }!.ratios[0]]
let unlike = varianceRatios.first { !($0.ratios.max()! / $0.ratios.min()! <= idealSeeds.max()! / idealSeeds.min()!) }
let varianceVerdict =
    unlike.map { _, row, ratios in
        "Here the two variance choices do not score alike, though Ho et al. report that they do (§3.2): \(row) "
            + (ratios.allSatisfy(\.isFinite)
                ? "scores \(Format.ratio(ratios[0])) with σ² = β_t and \(Format.ratio(ratios[1])) with β̃_t, further apart than "
                    + "the ideal denoiser's scores on five seeds (this one and the four that follow)."
                : "has no finite score with "
                    + zip(["σ² = β_t", "σ² = β̃_t"], ratios).filter { !$1.isFinite }.map(\.0)
                    .joined(separator: " or ") + ".")
    } ?? "The two variance choices score alike, as Ho et al. report."
book.say("""
    \(varianceVerdict) At \(count) points one score \
    moves a lot from draw to draw: the ideal denoiser with σ² = β_t on four more seeds scores \
    \(idealSeedRatios.map(Format.ratio).joined(separator: ", ")), so a ratio below 1× is luck, not magic. The \
    tutorial's schedule ends at \
    ᾱ_T = \(Format.number(tutorialSchedule.alphaBar(tutorialT), digits: 2)): \
    x_T still holds most of the data's signal, yet sampling starts from pure noise N(0, I), a \
    distribution the forward process never reaches. Is that why the tutorial setup scores \
    poorly? Not by itself: the ring's ideal denoiser on the tutorial's schedule, a perfectly trained \
    network, scores \(Format.ratio(perfectScore.distance / perfectScore.expectedFloor)) its expected floor. \
    How does it recover from the wrong start? The variance of its samples per coordinate, step by step, \
    beside q(x_t)'s, ᾱ_t Var(x_0) + 1 − ᾱ_t (eq. 4):
    """)
// The ring's variance per coordinate: the mean squared distance of its centres from 0, halved, plus s².
let ring = GaussianMixture.ring()
let ringVariance =
    Moments.mean(ring.means.map { ($0 * $0).sum() / 2 }) + ring.standardDeviation * ring.standardDeviation
var varianceTable = TextTable(columns: ["t", "samples' variance", "q(x_t)'s", "excess left"])
var varianceCSV = CSVTable(columns: ["t", "sample_variance", "forward_variance"])
let variances = perfectRun.trajectory.map { frame -> (t: Int, samples: Double, forward: Double) in
    let points = [SIMD2<Double>](flat: frame.samples)
    let alphaBar = tutorialSchedule.alphaBar(frame.t)
    return (
        frame.t, (Moments.variance(points.map(\.x)) + Moments.variance(points.map(\.y))) / 2,
        alphaBar * ringVariance + 1 - alphaBar
    )
}
let excesses = variances.map { (t: $0.t, excess: $0.samples - $0.forward) }
for (row, excess) in zip(variances, excesses) {
    varianceCSV.append([.int(row.t), .number(row.samples), .number(row.forward)])
    varianceTable.append([
        "\(row.t)", Format.number(row.samples, digits: 3), Format.number(row.forward, digits: 3),
        Format.number(100 * excess.excess / excesses[0].excess, digits: 3) + "%",
    ])
}
book.show(varianceTable)
book.save(
    data: varianceCSV, as: "tutorial_variance",
    caption:
        "The ideal denoiser's DDPM samples on the tutorial's schedule: their variance per coordinate against q(x_t)'s.")
let afterTen = excesses[1].excess / excesses[0].excess
let middle = excesses.first { $0.t <= tutorialT / 2 }!
let firstSteps = tutorialT - excesses[1].t
let tenth = excesses.first { $0.excess < excesses[0].excess / 10 } ?? excesses.last!
let opening =
    afterTen > 0.5
    ? "The excess does not vanish in the first steps: after \(firstSteps) of them \(Format.number(100 * afterTen, digits: 2))% of it is left"
    : "Most of the excess goes in the first \(firstSteps) steps (\(Format.number(100 * afterTen, digits: 2))% is left)"
book.say("""
    \(opening), at t = \(middle.t) \(Format.number(100 * middle.excess / excesses[0].excess, digits: 2))%, at the end \
    \(Format.number(100 * excesses.last!.excess / excesses[0].excess, digits: 2))%. Each step's posterior mean pulls \
    the points toward the clusters, so the chain works the wrong start off gradually: the excess first falls \
    below a tenth at t = \(tenth.t), \(tutorialT - tenth.t) steps in. With the ideal denoiser on the same schedule at \
    \(Format.ratio(perfectScore.distance / perfectScore.expectedFloor)), the tutorial setup's gap is its network's, \
    after \(setup.tutorialSteps) steps (the tutorial itself trains 1,000 epochs, \
    about 79,000 steps).
    """)

clippingCell(book: book, setup: setup, count: min(count, 1000), seed: seed)

book.cell("The reverse process as an animation" + MineReport.mark(mine.ddpmStep))
book.say("""
    Every \(frameStride)th step of the same chains, from x_T to x_0. On the page, the slider stops the chain at \
    any of these t and shows the mean and spread of the \(count) points there.
    """)
var animation = Sweep(controls: ["t"], columns: ["frame", "t", "mean_x", "mean_y", "std_x", "std_y"])
for (k, frame) in run.trajectory.enumerated() {
    let points = [SIMD2<Double>](flat: frame.samples)
    let xs = points.map(\.x)
    let ys = points.map(\.y)
    var panel = Panel(
        title: "DDPM reverse process: t = \(frame.t)" + MineReport.mark(mine.ddpmStep), xLabel: "x", yLabel: "y")
    panel.scatters = [ScatterLayer(points: points)]
    panel.xRange = -3.5...3.5
    panel.yRange = -3.5...3.5
    panel.equalAspect = true
    animation.append(
        ["\(frame.t)"], frame: AnimationFrame.png(panel),
        rows: [
            [
                .int(k), .int(frame.t), .number(Moments.mean(xs)), .number(Moments.mean(ys)),
                .number(Moments.variance(xs).squareRoot()), .number(Moments.variance(ys).squareRoot()),
            ]
        ])
}
book.saveAnimation(animation, as: "reverse_animation", caption: "The reverse process, frame by frame.")

book.finish(exercises: ["reverseVariance", "ddpmStep", "predictX0Clipped", "ddpmSample"])
