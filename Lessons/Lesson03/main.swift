// Lesson 03 — The posterior q(x_{t−1} | x_t, x_0).
// Given the clean x_0, undoing one noising step is a Gaussian we can write down. Its mean
// and variance are what a denoising network learns to imitate.
import ArgumentParser
import Diffusion
import ExerciseChecks
import Foundation
import Plot
import Workbook

struct Options: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "Lesson03",
        abstract: "The posterior q(x_{t−1} | x_t, x_0): its mean coefficients and variance β̃_t, checked by brute force."
    )
    @OptionGroup var common: LessonOptions
    @OptionGroup var schedule: ScheduleOptions
    @Flag(help: ArgumentHelp(Mine.help))
    var mine = false
}

let options = Options.parseOrFail()
let schedule = options.schedule.schedule(.linear)
let mine = orFail { try Mine(enabled: options.mine, schedule: schedule) }
let book = Notebook(lesson: "Lesson03", title: "The posterior q(x_{t−1} | x_t, x_0)", options: options.common)
let T = schedule.timesteps
var rng = Xoshiro256(seed: options.common.seed)

book.cell("The posterior's mean and variance" + MineReport.mark(mine.posteriorMean, mine.posteriorVariance))
book.say("""
    Bayes' rule on two Gaussians, q(x_t | x_{t−1}) and q(x_{t−1} | x_0), gives another Gaussian \
    (Ho et al. 2020, eq. 6–7): q(x_{t−1} | x_t, x_0) = N(μ̃_t, β̃_t I) with \
    μ̃_t = β_t √ᾱ_{t−1}/(1 − ᾱ_t) · x_0 + (1 − ᾱ_{t−1}) √α_t/(1 − ᾱ_t) · x_t and \
    β̃_t = β_t (1 − ᾱ_{t−1})/(1 − ᾱ_t). Here for the linear schedule, T = \(T).
    """)
let posterior = mine.posterior(schedule)
var csv = CSVTable(columns: ["t", "beta", "beta_tilde", "coef_x0", "coef_xt"])
for t in schedule.steps {
    let i = schedule.index(t)
    csv.append([
        .int(t), .number(schedule.betas[i]), .number(posterior.betaTildes[i]), .number(posterior.coefX0[i]),
        .number(posterior.coefXt[i]),
    ])
}
let shown = Array(Set([1, 2, 10, T / 10, T / 2, T].filter { $0 >= 1 && $0 <= T })).sorted()
var table = TextTable(columns: ["t", "β_t", "β̃_t", "β̃_t / β_t", "coef of x_0", "coef of x_t"])
for t in shown {
    let i = schedule.index(t)
    table.append([
        "\(t)", Format.number(schedule.betas[i]), Format.number(posterior.betaTildes[i]),
        Format.number(posterior.betaTildes[i] / schedule.betas[i]),
        Format.number(posterior.coefX0[i]), Format.number(posterior.coefXt[i]),
    ])
}
book.show(table)
MineReport.lines(mine.posteriorMean, mine.posteriorVariance).forEach(book.result)
book.say("""
    At t = 1 the posterior is a point mass on x_0 (β̃_1 = 0, coefficient of x_0 = 1). Soon the \
    mean leans almost entirely on x_t, and β̃_t approaches β_t: for most t the two variance \
    choices of the DDPM sampler (σ² = β_t or β̃_t) differ by little — Lesson 05 compares them.
    """)
let steps = schedule.steps.map(Double.init)
var coefficients = Panel(title: "Mean coefficients", xLabel: "t", yLabel: "coefficient")
coefficients.xScale = .log
coefficients.lines = [
    LineSeries(label: "coef of x_0: β_t √ᾱ_{t−1} / (1 − ᾱ_t)", xs: steps, ys: posterior.coefX0),
    LineSeries(label: "coef of x_t: (1 − ᾱ_{t−1}) √α_t / (1 − ᾱ_t)", xs: steps, ys: posterior.coefXt),
]
var variances = Panel(title: "Posterior variance against β_t", xLabel: "t", yLabel: "variance (log scale)")
variances.xScale = .log
variances.yScale = .log
variances.lines = [
    LineSeries(label: "β_t", xs: steps, ys: schedule.betas),
    LineSeries(label: "β̃_t", xs: Array(steps.dropFirst()), ys: Array(posterior.betaTildes.dropFirst()), style: .dashed),
]
book.save(
    Figure(
        title: "The posterior q(x_{t−1} | x_t, x_0), linear schedule, T = \(T)"
            + MineReport.mark(mine.posteriorMean, mine.posteriorVariance), panels: [coefficients, variances]),
    data: csv, as: "posterior",
    caption: "Mean coefficients and β̃_t against β_t over t (log t axis; β̃_1 = 0 is left off the log plot).")

book.cell("Checking the formula by brute force")
book.say("""
    Forget the algebra: pick x_0 and an observed x_t, and evaluate Bayes' rule \
    q(x_{t−1} | x_t, x_0) ∝ q(x_t | x_{t−1}) q(x_{t−1} | x_0) on a grid of 20,001 points. The mean \
    and variance of that numerical density must equal μ̃_t and β̃_t.
    """)
let x0 = 0.8
let checkSteps = Array(Set([2, 10, T / 10, T / 2, T].filter { $0 >= 2 })).sorted()
var checkTable = TextTable(columns: [
    "t", "x_t", "μ̃ formula", "μ numeric", "|error|", "β̃ formula", "variance numeric", "relative error",
])
var checkCSV = CSVTable(columns: ["t", "x_t", "x_prev", "numeric_density", "formula_density"])
var densityPanels: [Panel] = []
var worstMean = 0.0
var worstVariance = 0.0
for t in checkSteps {
    let xt = schedule.qSample(x0: [x0], t: t, noise: [rng.gaussian()])[0]
    let formula = schedule.posterior(x0: [x0], xt: [xt], t: t)
    let numeric = schedule.numericalPosterior(x0: x0, xt: xt, t: t)
    let meanError = abs(numeric.mean - formula.mean[0])
    let varianceError = abs(numeric.variance - formula.variance) / formula.variance
    worstMean = max(worstMean, meanError / formula.variance.squareRoot())
    worstVariance = max(worstVariance, varianceError)
    checkTable.append([
        "\(t)", Format.number(xt), Format.number(formula.mean[0], digits: 8), Format.number(numeric.mean, digits: 8),
        Format.number(meanError, digits: 2), Format.number(formula.variance, digits: 6),
        Format.number(numeric.variance, digits: 6), Format.number(varianceError, digits: 2),
    ])
    // Draw the central part of both densities (every 50th grid point).
    let gaussian = { (x: Double) in
        exp(-(x - formula.mean[0]) * (x - formula.mean[0]) / (2 * formula.variance))
            / (2 * Double.pi * formula.variance).squareRoot()
    }
    let picked = stride(from: 0, to: numeric.grid.count, by: 50).filter {
        abs(numeric.grid[$0] - formula.mean[0]) < 4 * formula.variance.squareRoot()
    }
    for i in picked {
        checkCSV.append([
            .int(t), .number(xt), .number(numeric.grid[i]), .number(numeric.density[i]),
            .number(gaussian(numeric.grid[i])),
        ])
    }
    var panel = Panel(title: "t = \(t), x_t = \(Format.number(xt, digits: 3))", xLabel: "x_{t−1}", yLabel: "density")
    panel.scatters = [
        ScatterLayer(
            label: "Bayes on a grid", points: picked.map { SIMD2(numeric.grid[$0], numeric.density[$0]) }, radius: 2.5,
            alpha: 0.9)
    ]
    panel.lines = [
        LineSeries(
            label: "N(μ̃_t, β̃_t)", xs: picked.map { numeric.grid[$0] }, ys: picked.map { gaussian(numeric.grid[$0]) })
    ]
    densityPanels.append(panel)
}
book.show(checkTable)
book.result(
    "largest mean error \(Format.number(worstMean, digits: 2)) posterior standard deviations, largest relative variance error \(Format.number(worstVariance, digits: 2)) (tolerance 1e-6)"
        + (worstMean < 1e-6 && worstVariance < 1e-6 ? " ✓" : " ✗"))
book.save(
    Figure(
        title: "Brute-force Bayes (dots) against the closed form (line), x_0 = \(x0)", panels: densityPanels,
        columns: min(densityPanels.count, 3)),
    data: checkCSV, as: "posterior_check", caption: "The numerical posterior density and N(μ̃_t, β̃_t) at several t.")

book.cell("The ε form of the mean")
book.say("""
    A network does not see x_0. It predicts the noise ε̂, and x̂_0 = (x_t − √(1 − ᾱ_t) ε̂)/√ᾱ_t \
    follows from eq. 4. Put x̂_0 into μ̃_t and the algebra collapses to eq. 11 of Ho et al.: \
    μ = (x_t − β_t/√(1 − ᾱ_t) · ε̂)/√α_t. Both forms, for 1,000 random x_t and a deliberately \
    wrong ε̂ (true noise plus an error), at every t:
    """)
var worstGap = 0.0
var gapTable = TextTable(columns: ["t", "μ from x̂_0 (first value)", "μ from ε̂ (eq. 11)", "largest |difference|"])
for t in schedule.steps {
    let x0s = (0..<1000).map { _ in rng.gaussian() }
    let eps = rng.gaussians(1000)
    let xt = schedule.qSample(x0: x0s, t: t, noise: eps)
    let guess = zip(eps, rng.gaussians(1000)).map { $0 + 0.3 * $1 }
    let viaX0 = schedule.posterior(x0: schedule.predictX0(xt: xt, t: t, eps: guess), xt: xt, t: t).mean
    let viaEps = schedule.meanFromEps(xt: xt, t: t, eps: guess)
    let gap = zip(viaX0, viaEps).map { abs($0 - $1) }.max() ?? 0
    worstGap = max(worstGap, gap)
    if shown.contains(t) {
        gapTable.append([
            "\(t)", Format.number(viaX0[0], digits: 10), Format.number(viaEps[0], digits: 10),
            Format.number(gap, digits: 2),
        ])
    }
}
book.show(gapTable)
book.result(
    "over all \(T) steps the two forms differ by at most \(Format.number(worstGap, digits: 2)) — rounding error, not a difference"
        + (worstGap < 1e-9 ? " ✓" : " ✗"))

book.finish(exercises: ["posteriorMean", "posteriorVariance", "meanFromEps"])
