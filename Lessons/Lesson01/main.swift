// Lesson 01 — Noise schedules.
// How fast does the forward process destroy the data? A β schedule answers it, and
// ᾱ_t, √ᾱ_t, √(1 − ᾱ_t) and the log-SNR say it in the words the rest of the workbook uses.
import ArgumentParser
import Diffusion
import ExerciseChecks
import Foundation
import Plot
import Workbook

struct Options: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "Lesson01",
        abstract: "Noise schedules: β_t, ᾱ_t, signal and noise rates, log-SNR, and the prior KL.")
    @OptionGroup var common: LessonOptions
    @OptionGroup var schedule: ScheduleOptions
    @Flag(help: ArgumentHelp(Mine.help))
    var mine = false
}

let options = Options.parseOrFail()
let kinds: [ScheduleKind] = [.linear, .quadratic, .sigmoid, .cosine]
let mine = orFail { try Mine(enabled: options.mine, kinds: kinds, options: options.schedule) }
let book = Notebook(lesson: "Lesson01", title: "Noise schedules", options: options.common)
let T = options.schedule.timesteps
let schedules = mine.schedules
let yours = MineReport.mark(mine.linearBetas, mine.alphaBars, mine.cosineAlphaBar)

book.cell("Four β schedules" + yours)
book.say("""
    The forward process adds Gaussian noise in T small steps: x_t = √(1 − β_t) x_{t−1} + √β_t ε \
    (Ho et al. 2020, eq. 2). The schedule β_1 … β_T says how much at each step; what survives \
    of the data after t steps is ᾱ_t = ∏ (1 − β_s), so x_t = √ᾱ_t x_0 + √(1 − ᾱ_t) ε (eq. 4). \
    Here are four schedules with T = \(T), β from \(options.schedule.betaStart) to \(options.schedule.betaEnd) \
    (the cosine schedule of Nichol & Dhariwal 2021 sets its own βs).
    """)
var table = TextTable(columns: ["schedule", "β_1", "β_T", "ᾱ_T", "SNR = 1 at t", "prior KL (nats/dim)"])
for (kind, s) in zip(kinds, schedules) {
    let crossing = s.snrCrossingStep.map { "\($0) (\(Int((Double($0) / Double(T) * 100).rounded()))% of T)" } ?? "never"
    table.append([
        kind.rawValue, Format.number(s.beta(1)), Format.number(s.beta(T)), Format.number(s.alphaBar(T)),
        crossing, Format.number(s.priorKL(dataScale: 1)),
    ])
}
book.show(table)
MineReport.lines(mine.linearBetas, mine.alphaBars, mine.cosineAlphaBar).forEach(book.result)
book.say("""
    The prior KL is KL(q(x_T | x_0) ‖ N(0, I)) for data of unit scale: how far the last step is \
    from the pure noise that sampling starts from. Near zero means x_T really is noise.
    """)

func row(_ kind: ScheduleKind, _ s: NoiseSchedule, _ t: Int) -> [CSVValue] {
    [
        .text(kind.rawValue), .int(t), .number(s.beta(t)), .number(s.alphaBar(t)),
        .number(s.sqrtAlphaBar(t)), .number(s.sqrtOneMinusAlphaBar(t)), .number(s.logSNR(t)),
    ]
}
let columns = ["schedule", "t", "beta", "alpha_bar", "sqrt_alpha_bar", "sqrt_one_minus_alpha_bar", "log_snr"]
var csv = CSVTable(columns: columns)
for (kind, s) in zip(kinds, schedules) {
    for t in s.steps { csv.append(row(kind, s, t)) }
}
let steps = (1...T).map(Double.init)
/// The four panels; with `marked`, a dot on every schedule at that t (and a dotted line across the t axes),
/// else dots at t = T/4, T/2, 3T/4 on the quarter circle.
func scheduleFigure(marked: Int? = nil) -> Figure {
    func panel(
        _ title: String, y: String, log: Bool = false, range: ClosedRange<Double>? = nil,
        _ values: (NoiseSchedule) -> [Double]
    ) -> Panel {
        var p = Panel(title: title, xLabel: "t", yLabel: y)
        p.yScale = log ? .log : .linear
        p.xRange = 0...Double(T)
        p.yRange = range
        p.lines = zip(kinds, schedules).map { LineSeries(label: $0.rawValue, xs: steps, ys: values($1)) }
        if let t = marked {
            let all = schedules.flatMap(values)
            let low = range?.lowerBound ?? all.filter { !log || $0 > 0 }.min()!
            let high = range?.upperBound ?? all.max()!
            p.lines.append(
                LineSeries(
                    xs: [Double(t), Double(t)], ys: [low, high], color: .gray, style: .dotted,
                    width: 1))
            p.scatters = schedules.enumerated().map { k, s in
                ScatterLayer(points: [SIMD2(Double(t), values(s)[t - 1])], color: Color.palette[k], radius: 5, alpha: 1)
            }
        }
        return p
    }
    var rates = Panel(title: "Signal against noise", xLabel: "noise rate √(1 − ᾱ_t)", yLabel: "signal rate √ᾱ_t")
    rates.lines = zip(kinds, schedules).map {
        LineSeries(label: $0.rawValue, xs: $1.sqrtOneMinusAlphaBars, ys: $1.sqrtAlphaBars)
    }
    // Every schedule runs along the same quarter circle; dots at t = T/4, T/2, 3T/4 show how fast.
    let dots = marked.map { [$0] } ?? [T / 4, T / 2, 3 * T / 4].filter { $0 >= 1 }
    rates.scatters = zip(kinds, schedules).enumerated().map { k, pair in
        ScatterLayer(
            points: dots.map { SIMD2(pair.1.sqrtOneMinusAlphaBar($0), pair.1.sqrtAlphaBar($0)) },
            color: Color.palette[k], radius: 5, alpha: 1)
    }
    rates.xRange = 0...1
    rates.yRange = 0...1
    rates.equalAspect = true
    return Figure(
        title: "Noise schedules, T = \(T)" + (marked.map { ": t = \($0)" } ?? "") + yours,
        panels: [
            panel("β_t, the noise added at step t", y: "β_t (log scale)", log: true) { $0.betas },
            panel("ᾱ_t, the signal variance left", y: "ᾱ_t", range: 0...1) { $0.alphaBars },
            rates,
            panel("log-SNR = log(ᾱ_t / (1 − ᾱ_t))", y: "log-SNR") { $0.logSNRs },
        ], columns: 2)
}
// The page's slider: every schedule marked at 21 values of t, with their rows of schedules.csv.
let markedSteps = Array(Set([1] + (1...20).map { $0 * T / 20 }.filter { $0 >= 1 })).sorted()
var alongT = Sweep(controls: ["t"], columns: columns)
for t in markedSteps {
    alongT.append(
        ["\(t)"], frame: orFail { try scheduleFigure(marked: t).pngData() },
        rows: zip(kinds, schedules).map { row($0, $1, t) })
}
book.save(
    scheduleFigure(), data: csv, as: "schedules",
    caption: "β_t, ᾱ_t, √ᾱ_t against √(1 − ᾱ_t) (dots at t = T/4, T/2, 3T/4), and log-SNR for each schedule.",
    sweep: alongT, initial: markedSteps.firstIndex { $0 >= T / 2 }!)
book.say("""
    Since signal² + noise² = ᾱ_t + (1 − ᾱ_t) = 1, every schedule walks the same quarter circle \
    from (0, 1) to (1, 0); they differ only in pace, as the dots at T/4, T/2 and 3T/4 show. \
    Read the log-SNR panel: the linear schedule spends its last third at very low SNR, where \
    x_t is almost pure noise; Nichol & Dhariwal (2021, §3.2) found that skipping up to a fifth \
    of its reverse steps barely hurt samples, and proposed the cosine schedule, whose log-SNR \
    falls steadily through the middle.
    """)

book.cell("A continuous schedule: the Keras DDIM example")
let angle = AngleSchedule()
book.say("""
    The Keras DDIM example uses no βs at all. Diffusion time τ runs from 0 to 1; an angle φ grows \
    linearly from arccos 0.95 to arccos 0.02, and the signal and noise rates are cos φ and sin φ, \
    so their squares always sum to one. It starts at ᾱ = \(Format.number(angle.alphaBar(0))) and \
    stops at ᾱ = \(Format.number(angle.alphaBar(1))): the network never sees perfectly clean \
    data nor perfectly pure noise.
    """)
let taus = (0...200).map { Double($0) / 200 }
let cosine = NoiseSchedule(.cosine, timesteps: 200)
var angleCSV = CSVTable(columns: [
    "tau", "angle_signal_rate", "angle_noise_rate", "angle_log_snr", "cosine_signal_rate", "cosine_log_snr",
])
for tau in taus {
    let t = max(1, Int((tau * 200).rounded()))
    let a = angle.alphaBar(tau)
    angleCSV.append([
        .number(tau), .number(angle.signalRate(tau)), .number(angle.noiseRate(tau)), .number(log(a / (1 - a))),
        .number(cosine.sqrtAlphaBar(t)), .number(cosine.logSNR(t)),
    ])
}
var ratePanel = Panel(title: "Signal and noise rates", xLabel: "diffusion time τ = t/T", yLabel: "rate")
ratePanel.lines = [
    LineSeries(label: "angle: signal cos φ", xs: taus, ys: taus.map(angle.signalRate)),
    LineSeries(label: "angle: noise sin φ", xs: taus, ys: taus.map(angle.noiseRate)),
    LineSeries(
        label: "cosine (T = 200): signal √ᾱ", xs: taus,
        ys: taus.map { cosine.sqrtAlphaBar(max(1, Int(($0 * 200).rounded()))) }, style: .dashed),
]
var snrPanel = Panel(title: "log-SNR", xLabel: "diffusion time τ = t/T", yLabel: "log(ᾱ / (1 − ᾱ))")
snrPanel.lines = [
    LineSeries(label: "angle", xs: taus, ys: taus.map { log(angle.alphaBar($0) / (1 - angle.alphaBar($0))) }),
    LineSeries(
        label: "cosine (T = 200)", xs: taus, ys: taus.map { cosine.logSNR(max(1, Int(($0 * 200).rounded()))) },
        style: .dashed),
]
book.save(
    Figure(title: "The Keras DDIM example's angle schedule", panels: [ratePanel, snrPanel]), data: angleCSV,
    as: "angle_schedule", caption: "Signal and noise rates against τ, beside the cosine schedule.")

book.cell("The schedules the tutorials use")
book.say("""
    Tutorials shorten T to train faster, and a short schedule may stop before the data is gone. \
    If ᾱ_T is far from 0, sampling starts from N(0, I) while training never saw anything like it.
    """)
struct Used {
    let source: String
    let schedule: NoiseSchedule
}
let used = [
    Used(
        source: "DDPM paper (Ho et al. 2020)",
        schedule: NoiseSchedule(.linear, timesteps: 1000, betaStart: 1e-4, betaEnd: 0.02)),
    Used(
        source: "The Annotated Diffusion Model",
        schedule: NoiseSchedule(.linear, timesteps: 200, betaStart: 1e-4, betaEnd: 0.02)),
    Used(
        source: "Siddiqui's 2D tutorial",
        schedule: NoiseSchedule(.sigmoid, timesteps: 100, betaStart: 1e-5, betaEnd: 5e-3)),
    Used(source: "Improved DDPM (cosine)", schedule: NoiseSchedule(.cosine, timesteps: 1000)),
]
var usedTable = TextTable(columns: ["tutorial", "schedule", "T", "ᾱ_T", "prior KL", "reaches noise?"])
var usedCSV = CSVTable(columns: ["tutorial", "schedule", "T", "t", "t_over_T", "alpha_bar"])
var usedPanel = Panel(title: "ᾱ_t in the tutorials' schedules", xLabel: "t / T", yLabel: "ᾱ_t")
for u in used {
    let s = u.schedule
    let reaches = s.alphaBar(s.timesteps) < 1e-2
    usedTable.append([
        u.source, s.kind?.rawValue ?? "custom", "\(s.timesteps)", Format.number(s.alphaBar(s.timesteps)),
        Format.number(s.priorKL(dataScale: 1)), reaches ? "yes" : "NO",
    ])
    let xs = s.steps.map { Double($0) / Double(s.timesteps) }
    usedPanel.lines.append(
        LineSeries(label: "\(u.source): \(s.kind?.rawValue ?? "") T = \(s.timesteps)", xs: xs, ys: s.alphaBars))
    for t in s.steps {
        usedCSV.append([
            .text(u.source), .text(s.kind?.rawValue ?? "custom"), .int(s.timesteps), .int(t), .number(xs[t - 1]),
            .number(s.alphaBar(t)),
        ])
    }
}
book.show(usedTable)
let tutorial = used[2].schedule
book.say("""
    Siddiqui's 2D tutorial ends at ᾱ_T = \(Format.number(tutorial.alphaBar(100), digits: 3)): after its 100 steps \
    \(Int((tutorial.alphaBar(100) * 100).rounded()))% of the data's variance is still signal. Its sampler \
    nonetheless starts from pure noise, which its network never saw in training. Lesson 05 \
    measures the cost: a perfect denoiser on this schedule still samples well, since its first \
    steps pull N(0, I) onto q(x_T); a trained network must learn to do the same on inputs it \
    never met.
    """)
book.save(
    Figure(title: nil, panels: [usedPanel]), data: usedCSV, as: "tutorial_schedules",
    caption: "ᾱ_t against t/T for the schedules the tutorials use.")

book.finish(exercises: ["linearBetas", "alphaBars", "cosineAlphaBar"])
