import Diffusion
import Foundation
import Plot
import Workbook

/// Cell 3: annealed Langevin dynamics (Song & Ermon 2019, Algorithm 1) with the exact score,
/// and what its step size does.
struct LangevinCell {
    let book: Notebook
    let ideal: IdealDenoiser
    let seed: UInt64
    let count: Int
    let quick: Bool

    func run() {
        let schedule = ideal.schedule
        let levels = AnnealedLangevinSampler.geometricLevels(count: 10, schedule: schedule)
        let stepsPerLevel = quick ? 30 : 100
        let stepSizes = [1e-7, 1e-6, 1e-5, 2e-5, 1e-4, 3e-4, 1e-3, 3e-3]
        book.cell("Langevin dynamics: sampling with the score alone")
        book.say("""
            A score is enough to sample. Langevin dynamics, x ← x + (α/2) ∇ log p(x) + √α z, drifts uphill \
            in density and diffuses; as α → 0 it leaves p unchanged (for small α nearly so). Song & Ermon 2019 \
            (Algorithm 1) \
            anneal it: \(levels.count) noise levels, here the steps t = \
            \(levels.map(String.init).joined(separator: ", ")) \
            (√(1 − ᾱ_t) geometric from \(Format.number((1 - schedule.alphaBar(levels[0])).squareRoot(), digits: 3)) \
            down to \
            \(Format.number((1 - schedule.alphaBar(levels.last!)).squareRoot(), digits: 2))), \(stepsPerLevel) steps \
            at each \
            with the score of q_t, and step size α_i = ε (1 − ᾱ_{t_i})/(1 − ᾱ_{t_L}), so α_i stays in \
            proportion to the level's noise variance. No ODE, no reverse process: \
            \(levels.count * stepsPerLevel) calls of the exact score, \(count) samples from x_T ~ N(0, I), per ε:
            """)
        var held = Xoshiro256(seed: seed, stream: 1001)
        var independent = Xoshiro256(seed: seed, stream: 1002)
        let data = ideal.mixture.sample(count: 4 * count, using: &held)
        let fresh = ideal.mixture.sample(count: count, using: &independent)
        let reference = EnergyDistanceReference(data: data, independentData: fresh)
        var csv = CSVTable(columns: ["step_size", "set", "point", "x", "y"])
        var summary = CSVTable(columns: [
            "step_size", "energy_distance", "expected_floor", "component_std", "model_calls",
        ])
        var table = TextTable(columns: [
            "ε", "α at the top level", "energy distance / floor", "component std (truth 0.1)",
        ])
        var ratios: [Double] = []
        var spreads: [Double] = []
        var runs: [[SIMD2<Double>]] = []
        for epsilon in stepSizes {
            let sampler = AnnealedLangevinSampler(
                schedule: schedule, levels: levels, stepsPerLevel: stepsPerLevel, stepSize: epsilon)
            let points = sampler.run(predictor: ideal, count: count, dimension: 2, seed: seed).points
            let finite = points.allSatisfy { $0.x.isFinite && $0.y.isFinite }
            let score = finite ? reference.compare(points) : nil
            let spread = finite ? componentSpread(points, mixture: ideal.mixture) : .infinity
            let ratio = score.map { $0.distance / $0.expectedFloor } ?? .infinity
            ratios.append(ratio)
            spreads.append(spread)
            runs.append(points)
            summary.append([
                .number(epsilon), .number(score?.distance ?? .infinity), .number(score?.expectedFloor ?? .nan),
                .number(spread),
                .int(sampler.modelCalls),
            ])
            table.append([
                Format.number(epsilon, digits: 2), Format.number(sampler.levelStepSizes[0], digits: 2),
                finite ? Format.ratio(ratio) : "diverged", finite ? Format.number(spread, digits: 3) : "diverged",
            ])
        }
        let smallestNoise = (1 - schedule.alphaBar(levels.last!)).squareRoot()
        let topVariance = ideal.componentVariance(t: levels[0])
        // α_top = ε (1 − ᾱ_top)/(1 − ᾱ_L) exceeds 4 v_top above this ε.
        let threshold = 4 * topVariance * (1 - schedule.alphaBar(levels.last!)) / (1 - schedule.alphaBar(levels[0]))
        let first = AnnealedLangevinSampler(
            schedule: schedule, levels: levels, stepsPerLevel: stepsPerLevel, stepSize: stepSizes[0])
        let best = ratios.indices.min { ratios[$0] < ratios[$1] }!
        let largestFinite = ratios.indices.last { ratios[$0].isFinite }!
        let firstDiverged = ratios.indices.first { !ratios[$0].isFinite }
        // The data as circles of radius 2s around each mean (1 − e⁻² = 86% of a component inside), drawn
        // over the samples; each panel's range holds all its samples.
        let s = ideal.mixture.standardDeviation
        let circles = ideal.mixture.means.map { mean in
            let angles = (0...48).map { 2 * Double.pi * Double($0) / 48 }
            return LineSeries(
                xs: angles.map { mean.x + 2 * s * cos($0) }, ys: angles.map { mean.y + 2 * s * sin($0) },
                color: .black, width: 1.5)
        }
        var panels: [Panel] = []
        for i in Set([0, 1, best, largestFinite]).sorted() {
            for (j, p) in runs[i].enumerated() {
                csv.append([.number(stepSizes[i]), "sample", .int(j), .number(p.x), .number(p.y)])
            }
            var panel = Panel(title: "ε = \(Format.number(stepSizes[i], digits: 2))", xLabel: "x", yLabel: "y")
            panel.scatters = [ScatterLayer(points: runs[i])]
            panel.lines = circles
            let reach = runs[i].reduce(2) { max($0, abs($1.x), abs($1.y)) }
            let edge = (reach * 2).rounded(.up) / 2
            panel.xRange = -edge...edge
            panel.yRange = -edge...edge
            panel.equalAspect = true
            panel.showLegend = false
            panels.append(panel)
        }
        for (i, p) in fresh.enumerated() { csv.append([.number(0), "data", .int(i), .number(p.x), .number(p.y)]) }
        book.show(table)
        book.save(
            data: summary, as: "langevin_quality",
            caption: "Energy distance, its expected floor and the component spread for each step size ε.")
        let title =
            "Annealed Langevin samples by step size ε; circles: the data, 2 s around each mean"
            + (firstDiverged == nil ? "" : "; larger ε diverged")
        var figure = Figure(
            title: title,
            panels: panels, columns: panels.count)
        figure.panelWidth = 340
        figure.panelHeight = 340
        book.save(
            figure, data: csv, as: "langevin",
            caption: "Samples of annealed Langevin dynamics for \(panels.count) step sizes ε; the black circles, "
                + "radius 2s around each mean, hold 86% of the data (in the CSV as step_size 0). Each panel's "
                + "range holds all its samples.")
        // At the first ε that diverged: how many levels have α_i > 4 v_i, and the top level's factor per step.
        let overflow =
            firstDiverged.map { i -> String in
                let alphas = AnnealedLangevinSampler(
                    schedule: schedule, levels: levels, stepsPerLevel: stepsPerLevel,
                    stepSize: stepSizes[i]
                ).levelStepSizes
                let variances = levels.map { ideal.componentVariance(t: $0) }
                let unstable = zip(alphas, variances).filter { $0 > 4 * $1 }.count
                let growth = abs(1 - alphas[0] / (2 * variances[0]))
                return
                    "; at ε = \(Format.number(stepSizes[i], digits: 2)), \(unstable) of the \(levels.count) levels have "
                    + "α > 4v, the top one multiplies x − μ by \(Format.number(growth, digits: 2)) in size at each of its "
                    + "\(stepsPerLevel) steps, and the samples overflow"
            } ?? ""
        book.say("""
            Too small a step and the samples never reach the data: at ε = \(Format.number(stepSizes[0], digits: 2)) \
            the \
            drift (α_i/2) ∇ log q moves a point by a fraction α_i/(2 v) of its distance from the data per step, \
            with v the variance of the level: \
            \(Format.number(first.levelStepSizes[0] / (2 * ideal.componentVariance(t: levels[0])), digits: 2)) at \
            the top level, and \(stepsPerLevel) such steps do not add up (energy distance \
            \(Format.ratio(ratios[0])) the floor, component std \(Format.number(spreads[0], digits: 3))). Around \
            ε = \(Format.number(stepSizes[best], digits: 2)) (Song & Ermon used 2·10⁻⁵ with smallest noise 0.01; here \
            it is \(Format.number(smallestNoise, digits: 2))) \
            \(ratios[best] < 1.3 ? "it samples the ring as well as fresh data does" : "it samples the ring best"): \
            \(Format.ratio(ratios[best])) the floor. Too large and the \
            iteration is unstable: on a Gaussian of variance v one step multiplies x − μ by 1 − α/(2v), larger than 1 \
            in size once α > 4v; at the top level v = \(Format.number(topVariance, digits: 3)), so ε above \
            \(Format.number(threshold, digits: 2)) (α above 4v) overshoots there\(overflow). \
            Langevin spends \(levels.count * stepsPerLevel) score calls; the ODE solvers below need 10–50.
            """)
    }
}
