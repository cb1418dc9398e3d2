import Diffusion
import ExerciseChecks
import Foundation
import Plot
import TrainedModels
import Workbook

/// Cells 1–2: ε is a scaled score (checked against finite differences of the exact log q_t),
/// the score field exact beside the trained network's, and Tweedie's formula.
struct ScoreCells {
    let book: Notebook
    let ideal: IdealDenoiser
    let trained: LessonDenoiser
    let seed: UInt64
    let quick: Bool
    let mine: Mine

    var schedule: NoiseSchedule { ideal.schedule }

    func run() {
        scoreCheck()
        scoreField()
        tweedie()
    }

    /// `count` draws of x_t ~ q_t for the ring, from stream t of the seed.
    func noisyPoints(t: Int, count: Int) -> [SIMD2<Double>] { noisyDraws(t: t, count: count).points }

    /// `count` draws of x_t = √ᾱ_t x_0 + √(1 − ᾱ_t) ε for the ring, with the ε that made them.
    func noisyDraws(t: Int, count: Int) -> (points: [SIMD2<Double>], noise: [Double]) {
        var rng = Xoshiro256(seed: seed, stream: UInt64(t))
        let x0 = ideal.mixture.sample(count: count, using: &rng).flattened
        let noise = rng.gaussians(x0.count)
        return ([SIMD2<Double>](flat: schedule.qSample(x0: x0, t: t, noise: noise)), noise)
    }

    func scoreCheck() {
        let T = schedule.timesteps
        book.cell("ε is a score" + MineReport.mark(mine.scoreFromEps))
        book.say("""
            Noise the ring of 8 Gaussians (means μ_k on the unit circle, standard deviation s = 0.1) and \
            it stays a mixture: q_t(x) = (1/8) Σ_k N(x; √ᾱ_t μ_k, v_t I) with v_t = ᾱ_t s² + 1 − ᾱ_t. Its \
            log-density is exact, and so is its gradient, the score ∇ log q_t(x). The ideal denoiser ε* \
            of Lessons 04–06 is that score, scaled: ε*(x, t) = −√(1 − ᾱ_t) ∇ log q_t(x) (Song et al. 2021, \
            "Score-Based Generative Modeling through SDEs", eq. 7 with the VP kernel). Check it: at each t, \
            200 points x_t ~ q_t, −ε*/√(1 − ᾱ_t) against central differences of log q_t with step 10⁻⁵.
            """)
        let steps = [1, 10, 50, 100, 250, 500, T].filter { $0 <= T }
        var csv = CSVTable(columns: ["t", "max_abs_error", "max_abs_score"])
        var table = TextTable(columns: ["t", "largest |score|", "largest |error|", "relative"])
        var worst = 0.0
        let h = 1e-5
        for t in steps {
            let points = noisyPoints(t: t, count: 200)
            let fromEps = [SIMD2<Double>](
                flat: mine.score(schedule, eps: ideal.predictNoise(xt: points.flattened, t: t, dimension: 2), t: t))
            var error = 0.0
            var largest = 0.0
            for (p, s) in zip(points, fromEps) {
                let dx = (ideal.logDensity(p + SIMD2(h, 0), t: t) - ideal.logDensity(p - SIMD2(h, 0), t: t)) / (2 * h)
                let dy = (ideal.logDensity(p + SIMD2(0, h), t: t) - ideal.logDensity(p - SIMD2(0, h), t: t)) / (2 * h)
                error = max(error, abs(dx - s.x), abs(dy - s.y))
                largest = max(largest, abs(s.x), abs(s.y))
            }
            worst = max(worst, error / largest)
            csv.append([.int(t), .number(error), .number(largest)])
            table.append([
                "\(t)", Format.number(largest, digits: 3), Format.number(error, digits: 2),
                Format.number(error / largest, digits: 2),
            ])
        }
        book.show(table)
        MineReport.lines(mine.scoreFromEps).forEach(book.result)
        book.save(
            data: csv, as: "score_check",
            caption: "Largest difference between −ε*/√(1 − ᾱ_t) and finite differences of log q_t, per t.")
        // Central differences' own error (h² times the third derivative, plus rounding) stays far below 10⁻⁴ here;
        // a score off by a factor or a sign is off by order 1.
        book.result(
            "largest error relative to the largest score: \(Format.number(worst, digits: 2))"
                + (worst < 1e-4
                    ? " — what central differences with h = 10⁻⁵ resolve (their own error is of order h² times the third derivative, plus rounding)"
                    : "\(MineReport.mark(mine.scoreFromEps)) — not the rounding of central differences: these scores are not ∇ log q_t")
        )
    }

    func scoreField() {
        let T = schedule.timesteps
        let steps = [T / 100, T / 10, 2 * T / 5].map { max($0, 1) }
        book.say("""
            The score field: arrows ∇ log q_t(x) on a grid, exact (top) and the trained network's \
            −ε̂/√(1 − ᾱ_t) (bottom), at t = \(steps.map(String.init).joined(separator: ", ")). All 8 components \
            share the variance v_t, so the gradient of log Σ_k N(x; √ᾱ_t μ_k, v_t I) has the form of one \
            Gaussian's, with a mean that moves with x: ∇ log q_t(x) = −(x − √ᾱ_t m(x))/v_t, with \
            m(x) = Σ_k w_k(x) μ_k and w_k(x) the probability that component k made x. Each arrow points uphill \
            in density, toward √ᾱ_t m(x), and its length is that distance divided by v_t. In each column the \
            median exact arrow is drawn 0.15 long (its true length is in the panel's title) and none longer than \
            0.3; the lengths, computed on the grid:
            """)
        let values = (0..<15).map { -2 + 4 * Double($0) / 14 }
        let grid: [SIMD2<Double>] = values.flatMap { y in values.map { x in SIMD2(x, y) } }
        var csv = CSVTable(columns: [
            "t", "x", "y", "exact_score_x", "exact_score_y", "trained_score_x", "trained_score_y",
        ])
        var exactPanels: [Panel] = []
        var trainedPanels: [Panel] = []
        var lengthTable = TextTable(columns: [
            "t", "v_t", "median |∇ log q_t|",
            "median |x − √ᾱ_t m(x)| (= length × v_t)",
        ])
        var medianLengths: [Double] = []
        var medianDistances: [Double] = []
        for t in steps {
            let exact = grid.map { ideal.score($0, t: t) }
            let learned = [SIMD2<Double>](
                flat: schedule.score(
                    fromNoise: trained.predictor.predictNoise(xt: grid.flattened, t: t, dimension: 2), t: t))
            for (p, (e, l)) in zip(grid, zip(exact, learned)) {
                csv.append([
                    .int(t), .number(p.x), .number(p.y), .number(e.x), .number(e.y), .number(l.x), .number(l.y),
                ])
            }
            // Arrows: the median exact arrow 0.15 long, none longer than 0.3 (direction kept).
            let v = ideal.componentVariance(t: t)
            let lengths = exact.map { ($0 * $0).sum().squareRoot() }.sorted()
            let median = lengths[lengths.count / 2]
            medianLengths.append(median)
            medianDistances.append(median * v)
            lengthTable.append([
                "\(t)", Format.number(v, digits: 3), Format.number(median, digits: 3),
                Format.number(median * v, digits: 2),
            ])
            let scale = 0.15 / median
            func drawn(_ v: SIMD2<Double>) -> SIMD2<Double> {
                let w = v * scale
                let length = (w * w).sum().squareRoot()
                return length > 0.3 ? w * (0.3 / length) : w
            }
            for (name, field) in [("exact", exact), ("trained", learned)] {
                let title =
                    name == "exact"
                    ? "exact, t = \(t) (median length \(Format.number(median, digits: 2)))"
                    : "trained, t = \(t) (same scale)"
                var panel = Panel(title: title)
                panel.scatters = [ScatterLayer(points: noisyPoints(t: t, count: 600), color: .lightGray, alpha: 0.6)]
                panel.arrows = [
                    ArrowLayer(origins: grid, vectors: field.map(drawn), color: Color.palette[name == "exact" ? 2 : 0])
                ]
                panel.xRange = -2.2...2.2
                panel.yRange = -2.2...2.2
                panel.equalAspect = true
                if name == "exact" { exactPanels.append(panel) } else { trainedPanels.append(panel) }
            }
        }
        var figure = Figure(
            title: "The score ∇ log q_t: exact (top), the network's −ε̂/√(1 − ᾱ_t) (bottom)",
            panels: exactPanels + trainedPanels, columns: steps.count)
        figure.panelWidth = 340
        figure.panelHeight = 340
        book.show(lengthTable)
        book.save(
            figure, data: csv, as: "score_field",
            caption: "Score arrows on a grid over draws of q_t (gray). Each column has its own scale: the median "
                + "exact arrow is drawn 0.15 long (its length in the title), none longer than 0.3.")
        let (first, last) = (0, steps.count - 1)
        let varianceFall = ideal.componentVariance(t: steps[last]) / ideal.componentVariance(t: steps[first])
        book.say("""
            From t = \(steps[last]) to t = \(steps[first]) v_t shrinks \(Format.number(varianceFall, digits: 3))-fold \
            and \
            the median arrow grows \(Format.number(medianLengths[first] / medianLengths[last], digits: 3))-fold; the \
            median distance it divides changes by a factor \
            \(Format.number(medianDistances[first] / medianDistances[last], digits: 2)). \
            That is why one scale cannot serve all three columns.
            """)
        networkError(steps: steps, grid: grid)
    }

    /// The network's score against the exact one, per t, on points of q_t and on the grid; and
    /// the same error in Lesson 04's units, next to the loss floor.
    func networkError(steps: [Int], grid: [SIMD2<Double>]) {
        var table = TextTable(columns: [
            "t", "mean ‖ε*‖", "floor E‖ε − ε*‖²/d", "excess E‖ε̂ − ε*‖²/d",
            "rel. error where q_t has mass", "rel. error on the grid",
        ])
        var onData: [Double] = []
        var floors: [Double] = []
        var excesses: [Double] = []
        var optimalNorms: [Double] = []
        for t in steps {
            // Where the network was trained (points of q_t, with the ε that made them) and everywhere on the grid.
            let (points, noise) = noisyDraws(t: t, count: 500)
            let optimal = ideal.predictNoise(xt: points.flattened, t: t, dimension: 2)
            let predicted = trained.predictor.predictNoise(xt: points.flattened, t: t, dimension: 2)
            // Lesson 04's loss splits in two: E‖ε − ε̂‖² = E‖ε − ε*‖² (the floor) + E‖ε̂ − ε*‖² (the excess).
            let floor = zip(noise, optimal).reduce(0) { $0 + ($1.0 - $1.1) * ($1.0 - $1.1) } / Double(noise.count)
            let excess = zip(predicted, optimal).reduce(0) { $0 + ($1.0 - $1.1) * ($1.0 - $1.1) } / Double(noise.count)
            let optimalNorm =
                [SIMD2<Double>](flat: optimal).reduce(0) { $0 + ($1 * $1).sum().squareRoot() }
                / Double(points.count)
            // ‖ε̂ − ε*‖/‖ε*‖ is also the score's relative error: both are scaled by the same −1/√(1 − ᾱ_t).
            onData.append(relativeError([SIMD2<Double>](flat: optimal), [SIMD2<Double>](flat: predicted)))
            floors.append(floor)
            excesses.append(excess)
            optimalNorms.append(optimalNorm)
            let exactOnGrid = grid.map { ideal.score($0, t: t) }
            let onGrid = trained.predictor.predictNoise(xt: grid.flattened, t: t, dimension: 2)
            let learnedOnGrid = [SIMD2<Double>](flat: schedule.score(fromNoise: onGrid, t: t))
            table.append([
                "\(t)", Format.number(optimalNorm, digits: 2), Format.number(floor, digits: 2),
                Format.number(excess, digits: 2), Format.number(onData.last!, digits: 2),
                Format.number(relativeError(exactOnGrid, learnedOnGrid), digits: 2),
            ])
        }
        book.say("""
            How far the network's score is from the truth, as ‖error‖/‖score‖ averaged over 500 points of q_t and \
            over the grid; since ε̂ and ε* are scaled alike, it is also ‖ε̂ − ε*‖/‖ε*‖. Beside it, Lesson 04's loss \
            per \
            value split in two, E‖ε − ε̂‖²/d = E‖ε − ε*‖²/d + E‖ε̂ − ε*‖²/d (the cross term vanishes because \
            ε* = E[ε | x_t]): the floor no denoiser can go below, and the network's excess above it.
            """)
        book.show(table)
        let (first, last) = (0, steps.count - 1)
        let worstAtSmallT = onData[first] > onData[last]
        // "high at small t too, mostly its floor": only when the loss is higher at small t and the floor is most of it.
        let floorExplains =
            worstAtSmallT && floors[first] + excesses[first] > floors[last] + excesses[last]
            && floors[first] > excesses[first]
        let number = { (x: Double) in Format.number(x, digits: 2) }
        let lesson04 =
            " Lesson 04's loss per t is high at small t too, but mostly for another reason: its floor, "
            + "which no denoiser can go below. At t = \(steps[first]) the floor is \(number(floors[first])) and this "
            + "network's excess \(number(excesses[first])); at t = \(steps[last]), \(number(floors[last])) and "
            + "\(number(excesses[last]))."
        book.say("""
            At t = \(steps[first]) the network's score is off by \(number(100 * onData[first]))% on data, \
            at t = \(steps[last]) by \(number(100 * onData[last]))%\
            \(worstAtSmallT ? ": this network is least accurate at small t, where the score is sharpest" : "").\
            \(floorExplains ? lesson04 : "")
            """)
    }

    /// mean ‖a − b‖ / mean ‖a‖.
    func relativeError(_ exact: [SIMD2<Double>], _ other: [SIMD2<Double>]) -> Double {
        let error = zip(exact, other).reduce(0) { $0 + (($1.0 - $1.1) * ($1.0 - $1.1)).sum().squareRoot() }
        return error / exact.reduce(0) { $0 + ($1 * $1).sum().squareRoot() }
    }

    func tweedie() {
        let T = schedule.timesteps
        book.cell("Tweedie's formula")
        book.say("""
            Tweedie's formula (Efron 2011, eq. 2.8): for x_t = √ᾱ_t x_0 + √(1 − ᾱ_t) ε the posterior mean is \
            E[x_0 | x_t] = (x_t + (1 − ᾱ_t) ∇ log q_t(x_t))/√ᾱ_t. Put in ∇ log q_t = −ε*/√(1 − ᾱ_t) and it \
            becomes x̂_0 = (x_t − √(1 − ᾱ_t) ε*)/√ᾱ_t, Ho et al.'s eq. 4 solved for x_0: the denoiser's \
            guess of x_0 is the mean of the x_0 that could have made x_t, each weighted by how likely it is to \
            have made it. Both sides on 200 points per t, the score from the exact gradient of log q_t, x̂_0 from ε*:
            """)
        var table = TextTable(columns: ["t", "largest |x̂_0 − Tweedie|", "largest |x̂_0|"])
        for t in [10, T / 10, T / 2].map({ max($0, 1) }) {
            let points = noisyPoints(t: t, count: 200).flattened
            let x0 = schedule.predictX0(xt: points, t: t, eps: ideal.predictNoise(xt: points, t: t, dimension: 2))
            let posteriorMean = schedule.tweedieX0(xt: points, score: ideal.score(xt: points, t: t), t: t)
            let gap = zip(x0, posteriorMean).map { abs($0 - $1) }.max()!
            table.append(["\(t)", Format.number(gap, digits: 2), Format.number(x0.map(abs).max()!, digits: 3)])
        }
        book.show(table)
        book.say("The two agree to rounding: they are one formula written twice.")
    }
}
