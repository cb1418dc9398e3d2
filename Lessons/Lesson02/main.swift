// Lesson 02 — The forward process q(x_t | x_0).
// Noise is added one small step at a time, yet x_t can be drawn from x_0 in one jump.
// We watch a 2D dataset and a picture dissolve, and check the jump against the chain.
import ArgumentParser
import Diffusion
import ExerciseChecks
import Foundation
import Plot
import Workbook

struct Options: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "Lesson02",
        abstract:
            "The forward process: a dataset and a picture dissolving into noise; the closed form against the chain.")
    @OptionGroup var common: LessonOptions
    @OptionGroup var schedule: ScheduleOptions
    @Option(help: "The 2D dataset to diffuse.")
    var dataset: Toy2D = .swissRoll
    @Flag(help: ArgumentHelp(Mine.help))
    var mine = false
}

let options = Options.parseOrFail()
let schedule = options.schedule.schedule(.linear)
let mine = orFail { try Mine(enabled: options.mine, schedule: schedule) }
let book = Notebook(lesson: "Lesson02", title: "The forward process q(x_t | x_0)", options: options.common)
let quick = options.common.quick
let T = schedule.timesteps
var rng = Xoshiro256(seed: options.common.seed)
let view = -3.5...3.5

book.cell("A dataset dissolving" + MineReport.mark(mine.qSample))
let count = quick ? 500 : 2000
let data = options.dataset.sample(count: count, using: &rng)
let noise = rng.gaussians(2 * count)
book.say("""
    \(count) points of \(options.dataset.summary). Each panel draws x_t = √ᾱ_t x_0 + √(1 − ᾱ_t) ε \
    (Ho et al. 2020, eq. 4) with the same ε for every panel, under the linear schedule with T = \(T). \
    The shape fades as √ᾱ_t shrinks, and the cloud widens to the standard normal.
    """)
let fractions = [0, 0.01, 0.05, 0.1, 0.2, 0.4, 0.7, 1.0]
let panelSteps = Array(Set(fractions.map { Int(($0 * Double(T)).rounded()) })).sorted()
var forwardCSV = CSVTable(columns: ["t", "alpha_bar", "point", "x", "y"])
var panels: [Panel] = []
var fadeTable = TextTable(columns: ["t", "ᾱ_t", "√ᾱ_t (signal)", "√(1 − ᾱ_t) (noise)"])
for t in panelSteps {
    let xt = t == 0 ? data : [SIMD2<Double>](flat: mine.sample(schedule, x0: data.flattened, t: t, noise: noise))
    for (i, p) in xt.enumerated() {
        forwardCSV.append([.int(t), .number(schedule.alphaBar(t)), .int(i), .number(p.x), .number(p.y)])
    }
    var panel = Panel(title: t == 0 ? "data x_0" : "t = \(t), ᾱ_t = \(Format.number(schedule.alphaBar(t), digits: 3))")
    panel.scatters = [ScatterLayer(points: xt)]
    panel.xRange = view
    panel.yRange = view
    panel.equalAspect = true
    panel.showAxes = false
    panels.append(panel)
    fadeTable.append([
        "\(t)", Format.number(schedule.alphaBar(t)), Format.number(schedule.alphaBar(t).squareRoot()),
        Format.number((1 - schedule.alphaBar(t)).squareRoot()),
    ])
}
book.show(fadeTable)
MineReport.lines(mine.qSample).forEach(book.result)
var grid = Figure(
    title: "q(x_t | x_0) for \(options.dataset.rawValue), linear schedule, T = \(T) (axes from −3.5 to 3.5)"
        + MineReport.mark(mine.qSample),
    panels: panels, columns: 4)
grid.panelWidth = 260
grid.panelHeight = 260
book.save(
    grid, data: forwardCSV, as: "forward", caption: "The dataset at increasing t, each panel with the same noise ε.")

book.cell("One jump or many steps?" + MineReport.mark(mine.qStep))
let copies = quick ? 4000 : 20_000
let x0 = SIMD2(1.0, -0.5)
book.say("""
    Eq. 4 promises that the chain of small steps x_t = √(1 − β_t) x_{t−1} + √β_t ε (eq. 2) lands \
    on N(√ᾱ_t x_0, (1 − ᾱ_t) I) after t steps. We run the chain for \(copies) copies of \
    x_0 = (\(x0.x), \(x0.y)) and compare the sample mean and variance with the formula. The \
    tolerance is five standard errors: √(v/n) for a mean, v √(2/(n − 1)) for a variance.
    """)
let checkSteps = Array(Set([1, 10, T / 10, T / 4, T / 2, T].filter { $0 >= 1 })).sorted()
var chain = Array(repeating: x0, count: copies).flattened
var checkCSV = CSVTable(columns: [
    "t", "dimension", "mean_formula", "mean_chain", "mean_tolerance", "variance_formula", "variance_chain",
    "variance_tolerance", "within_tolerance",
])
var checkTable = TextTable(columns: [
    "t", "dim", "mean: formula", "chain", "tolerance", "variance: formula", "chain", "tolerance", "ok",
])
var allWithin = true
for t in 1...T {
    chain = mine.step(schedule, previous: chain, t: t, noise: rng.gaussians(chain.count))
    guard checkSteps.contains(t) else { continue }
    for dimension in 0..<2 {
        let values = Moments.component(chain, dimension: dimension, of: 2)
        let mean = Moments.mean(values)
        let variance = Moments.variance(values)
        let meanFormula = schedule.sqrtAlphaBar(t) * x0[dimension]
        let varianceFormula = 1 - schedule.alphaBar(t)
        let meanTolerance = 5 * (varianceFormula / Double(copies)).squareRoot()
        let varianceTolerance = 5 * varianceFormula * (2 / Double(copies - 1)).squareRoot()
        let within = abs(mean - meanFormula) <= meanTolerance && abs(variance - varianceFormula) <= varianceTolerance
        allWithin = allWithin && within
        checkCSV.append([
            .int(t), .text(dimension == 0 ? "x" : "y"), .number(meanFormula), .number(mean), .number(meanTolerance),
            .number(varianceFormula), .number(variance), .number(varianceTolerance), .text(within ? "yes" : "no"),
        ])
        checkTable.append([
            "\(t)", dimension == 0 ? "x" : "y", Format.number(meanFormula), Format.number(mean),
            "±" + Format.number(meanTolerance, digits: 2),
            Format.number(varianceFormula), Format.number(variance), "±" + Format.number(varianceTolerance, digits: 2),
            within ? "✓" : "✗",
        ])
    }
}
book.show(checkTable)
MineReport.lines(mine.qStep).forEach(book.result)
book.result(
    allWithin
        ? "every mean and variance of the chain is within tolerance of the closed form ✓"
        : "some values fall outside five standard errors — rare by chance; try another --seed ✗")
book.save(data: checkCSV, as: "chain_check", caption: "closed form against the step-by-step chain")

book.cell("A picture dissolving: linear against cosine" + MineReport.mark(mine.qSample))
let picture = Picture.smiley(size: 32)
let pictureSteps = Array(Set([0, 0.02, 0.05, 0.1, 0.2, 0.3, 0.5, 0.7, 1.0].map { Int(($0 * Double(T)).rounded()) }))
    .sorted()
book.say("""
    A 32×32 picture drawn with Cairo, pixels scaled to [−1, 1], noised with the same ε under two \
    schedules, the linear one and the cosine one of Nichol & Dhariwal 2021. The last column of \
    the CSV is the correlation between the noisy and the clean picture.
    """)
let pictureNoise = rng.gaussians(picture.count)
var rows: [[[Double]]] = []
var pictureCSV = CSVTable(columns: [
    "schedule", "t", "alpha_bar", "signal_rate", "noise_rate", "correlation_with_clean",
])
var correlationTable = TextTable(columns: ["t"] + ["linear ᾱ_t", "correlation", "cosine ᾱ_t", "correlation"])
var correlations: [ScheduleKind: [Double]] = [:]
for kind in [ScheduleKind.linear, .cosine] {
    let s = options.schedule.schedule(kind)
    var row: [[Double]] = []
    for t in pictureSteps {
        let noisy = t == 0 ? picture : mine.sample(s, x0: picture, t: t, noise: pictureNoise)
        let r = Moments.correlation(picture, noisy)
        correlations[kind, default: []].append(r)
        pictureCSV.append([
            .text(kind.rawValue), .int(t), .number(s.alphaBar(t)), .number(s.alphaBar(t).squareRoot()),
            .number((1 - s.alphaBar(t)).squareRoot()), .number(r),
        ])
        row.append(noisy)
    }
    rows.append(row)
}
for (k, t) in pictureSteps.enumerated() {
    correlationTable.append([
        "\(t)", Format.number(options.schedule.schedule(.linear).alphaBar(t), digits: 3),
        Format.number(correlations[.linear]![k], digits: 3),
        Format.number(options.schedule.schedule(.cosine).alphaBar(t), digits: 3),
        Format.number(correlations[.cosine]![k], digits: 3),
    ])
}
book.show(correlationTable)
MineReport.lines(mine.qSample).forEach(book.result)
let middle = pictureSteps.firstIndex { $0 >= T / 2 } ?? pictureSteps.count - 1
book.say("""
    By t = \(pictureSteps[middle]) the linear schedule has all but wiped the picture out (correlation \
    \(Format.number(correlations[.linear]![middle], digits: 2))); the cosine schedule keeps it visible longer \
    (\(Format.number(correlations[.cosine]![middle], digits: 2))), so fewer of its steps are spent on \
    near-pure noise, the reason Nichol & Dhariwal (§3.2) give for it.
    """)
let images = ImageGrid(
    title: "One picture under two schedules (T = \(T))" + MineReport.mark(mine.qSample), tiles: rows, tileWidth: 32,
    tileHeight: 32,
    rowLabels: ["linear", "cosine"], columnLabels: pictureSteps.map { "t = \($0)" })
book.save(
    images, data: pictureCSV, as: "picture_noising",
    caption: "Rows: schedules; columns: t. Pixels from −1 (black) to 1 (white), clipped.")

book.cell("The forward process as an animation" + MineReport.mark(mine.qSample))
let frameCount = quick ? 6 : 40
book.say("""
    The dataset from t = 0 to t = \(T) in \(frameCount) frames, the same ε throughout, then the picture at the \
    same t under both schedules. On the page, a slider under each figure stops it at any of these t, with the \
    row of numbers at that t.
    """)
let frameSteps = (0..<frameCount).map { Int((Double($0) / Double(frameCount - 1) * Double(T)).rounded()) }
var animation = Sweep(controls: ["t"], columns: ["frame", "t", "alpha_bar", "mean_x", "mean_y", "std_x", "std_y"])
for (frame, t) in frameSteps.enumerated() {
    let xt = t == 0 ? data : [SIMD2<Double>](flat: mine.sample(schedule, x0: data.flattened, t: t, noise: noise))
    let xs = xt.map(\.x)
    let ys = xt.map(\.y)
    var panel = Panel(
        title: "q(x_t | x_0): t = \(t), ᾱ_t = \(String(format: "%.3f", schedule.alphaBar(t)))"
            + MineReport.mark(mine.qSample), xLabel: "x", yLabel: "y")
    panel.scatters = [ScatterLayer(points: xt)]
    panel.xRange = view
    panel.yRange = view
    panel.equalAspect = true
    animation.append(
        ["\(t)"], frame: AnimationFrame.png(panel),
        rows: [
            [
                .int(frame), .int(t), .number(schedule.alphaBar(t)),
                .number(Moments.mean(xs)), .number(Moments.mean(ys)),
                .number(Moments.variance(xs).squareRoot()), .number(Moments.variance(ys).squareRoot()),
            ]
        ])
}
MineReport.lines(mine.qSample).forEach(book.result)
book.saveAnimation(
    animation, as: "forward_animation",
    caption: "The forward process, frame by frame (an animated PNG; frames in "
        + "forward_animation_frames/).")
var pictureAtT = Sweep(controls: ["t"], columns: pictureCSV.columns)
for t in frameSteps {
    var tiles: [[Double]] = []
    var rows: [[CSVValue]] = []
    for kind in [ScheduleKind.linear, .cosine] {
        let s = options.schedule.schedule(kind)
        let noisy = t == 0 ? picture : mine.sample(s, x0: picture, t: t, noise: pictureNoise)
        tiles.append(noisy)
        rows.append([
            .text(kind.rawValue), .int(t), .number(s.alphaBar(t)), .number(s.alphaBar(t).squareRoot()),
            .number((1 - s.alphaBar(t)).squareRoot()), .number(Moments.correlation(picture, noisy)),
        ])
    }
    var grid = ImageGrid(
        title: "The picture at t = \(t)" + MineReport.mark(mine.qSample), tiles: [tiles],
        tileWidth: 32, tileHeight: 32, columnLabels: ["linear", "cosine"])
    grid.scale = 6
    pictureAtT.append(["\(t)"], frame: orFail { try grid.pngData() }, rows: rows)
}
book.save(
    pictureAtT, as: "picture_at_t",
    caption: "The picture at the animation's t, under the linear and the cosine schedule (the same ε).",
    initial: frameSteps.count / 2)

book.finish(exercises: ["qSample", "qStep", "predictX0"])
