import Diffusion
import ExerciseChecks
import Foundation
import Plot
import TrainedModels
import Workbook

/// Lesson04's ε network, when one is saved, for the equivalence cell.
struct LoadedNetwork {
    let path: String
    let network: NoiseNetwork
}

/// Cells: Euler on the linear path is DDIM, and what differs between flow matching and diffusion.
struct EquivalenceCells {
    let book: Notebook
    let networks: LessonNetworks
    let loaded: LoadedNetwork?
    let mixture: GaussianMixture
    let seed: UInt64
    let quick: Bool
    let mine: Mine

    /// Lesson04's checkpoint (`--checkpoint`, or beside the output folder, or the default
    /// place), read before the lesson writes anything; nil when there is none. A missing
    /// `--checkpoint` file or a corrupt or non-2D one is a one-line error.
    static func locateNetwork(checkpoint: String?, output: String?) -> LoadedNetwork? {
        guard let path = Lesson04Model.locate(checkpoint: checkpoint, output: output) else { return nil }
        let saved = orFail { try SavedModel(contentsOf: URL(fileURLWithPath: path), dimension: 2) }
        let T = saved.network.schedule.timesteps
        if T < largestBudget {
            fail(
                "\(path) has T = \(T); Lesson10 compares DDIM with up to \(largestBudget) steps and needs T ≥ "
                    + "\(largestBudget): train one with swift run Lesson04")
        }
        return LoadedNetwork(path: path, network: saved.network)
    }

    /// The most DDIM steps the equivalence cell takes.
    static let largestBudget = 50

    /// DDIM's grid as linear-path times: t_τ = σ_τ/(1 + σ_τ), 0 at τ = 0.
    func linearTimes(_ steps: [Int], schedule: NoiseSchedule) -> [Double] {
        steps.map { $0 == 0 ? 0 : GaussianPath.linearTime(sigma: schedule.odeSigma($0)) }
    }

    /// Euler on the linear path with the velocity from `predictor`'s ε̂, on DDIM's grid `steps`,
    /// from DDIM's x at τ_0 (the learner's `velocityFromEps` and `flowEulerStep` under --mine).
    func eulerOnLinearPath(_ predictor: some NoisePredictor, steps: [Int], xStart: [Double]) -> [Double] {
        let schedule = predictor.schedule
        let times = linearTimes(steps, schedule: schedule)
        // x = (1 − t) x̄ and x̄ = x_VP/√ᾱ: DDIM's start in the linear path's coordinates
        var x = xStart.map { (1 - times[0]) * $0 / schedule.alphaBar(steps[0]).squareRoot() }
        for i in 0..<(steps.count - 1) {
            let (tau, t, s) = (steps[i], times[i], times[i + 1])
            // ε̂ at x_VP = √ᾱ_τ x̄ = √ᾱ_τ x/(1 − t), then v = (ε̂ − x)/(1 − t), then x + (s − t) v
            let eps = predictor.predictNoise(
                xt: x.map { schedule.alphaBar(tau).squareRoot() * $0 / (1 - t) }, t: tau,
                dimension: 2)
            let v = mine.velocity(xt: x, eps: eps, t: t)
            x = mine.eulerStep(x: x, velocity: v, t: t, tNext: s)
        }
        return x
    }

    func sameSampler() {
        book.cell("One sampler, two grids" + MineReport.mark(mine.velocityFromEps, mine.flowEulerStep))
        book.say("""
            For any Gaussian path the network's outputs convert into each other: x_t = a_t x_0 + b_t ε gives \
            x̂_0 = (x_t − b_t ε̂)/a_t, then v = a′_t x̂_0 + b′_t ε̂, and the score is −ε̂/b_t. On the linear path, \
            v = ε̂ − x̂_0 = (ε̂ − x_t)/(1 − t). Now take one Euler step of dx/dt = v from t down to s:
              x_s = x_t + (s − t)(ε̂ − x_t)/(1 − t) = (1 − s)/(1 − t) · x_t + (s − t)/(1 − t) · ε̂.
            Divide by (1 − s) and write x̄ = x/(1 − t), σ = t/(1 − t):
              x̄_s = x̄_t + (s − t)/((1 − t)(1 − s)) · ε̂ = x̄_t + (σ_s − σ_t) ε̂,
            since σ_s − σ_t = s/(1 − s) − t/(1 − t) = (s − t)/((1 − s)(1 − t)). That is Euler on dx̄/dσ = ε, which \
            Lesson08 showed is DDIM with η = 0 (Song et al. 2021, DDIM, eq. 14), and x̄ = x_0 + σ ε is the same \
            variable in both, x_VP/√ᾱ on the VP side. So Euler on the linear path and DDIM are one sampler, as long \
            as both step through the same σ: t_τ = σ_τ/(1 + σ_τ) for DDIM's steps τ. Both, from the same x_T, with \
            an ε network and with the ideal denoiser:
            """)
        let trained = loaded?.network ?? networks.noise
        if let loaded {
            book.result("trained: Lesson04's network from \(loaded.path) (T = \(loaded.network.schedule.timesteps))")
        } else {
            book.result(
                "trained: no Lesson04 checkpoint found, so the ε network trained in this lesson (run swift "
                    + "run Lesson04 for its own)")
        }
        let count = quick ? 400 : 1000
        let xT = NoiseStreams.initialNoise(count: count, dimension: 2, seed: seed)
        var csv = CSVTable(columns: ["denoiser", "steps", "max_abs_difference"])
        let budgets = [5, 10, 20, Self.largestBudget]
        var table = TextTable(columns: ["denoiser"] + budgets.map { "\($0) steps" })
        func compare(_ name: String, _ predictor: some NoisePredictor) {
            var row = [name]
            for steps in budgets {
                let ddim = orFail { try DDIMSampler(schedule: predictor.schedule, steps: steps, eta: 0) }
                let viaDDIM = ddim.run(predictor: predictor, from: xT, dimension: 2, seed: seed).samples
                let grid = ODETimeGrid.uniform.times(steps: steps, schedule: predictor.schedule)
                let viaFlow = eulerOnLinearPath(predictor, steps: grid, xStart: xT)
                let gap = zip(viaDDIM, viaFlow).map { abs($0 - $1) }.max()!
                csv.append([.text(name), .int(steps), .number(gap)])
                row.append(Format.number(gap, digits: 2))
            }
            table.append(row)
        }
        compare("trained", trained)
        compare("ideal", IdealDenoiser(mixture: mixture, schedule: trained.schedule))
        book.say("Largest |x_DDIM − x_Euler| over \(count) samples (coordinates of order 1):")
        book.show(table)
        MineReport.lines(mine.velocityFromEps, mine.flowEulerStep).forEach(book.result)
        book.save(
            data: csv, as: "equivalence",
            caption: "The largest difference between DDIM (η = 0) and Euler on the linear path "
                + "with the velocity from the same ε̂, on DDIM's σ grid.")
        let largest = csv.rows.compactMap { row -> Double? in
            if case .number(let x) = row[2] { return x } else { return nil }
        }.max()!
        book.say(
            largest < 1e-9
                ? """
                Differences at the level of rounding in Double (at most \(Format.number(largest, digits: 2))): the \
                same \
                numbers, reached by another order of operations. A "flow matching sampler" with a Gaussian source and \
                a \
                "diffusion sampler" differ only in what the network predicts and where the steps fall.
                """
                : "The largest difference, \(Format.number(largest, digits: 2)), is more than rounding: "
                    + "the two samplers do not agree here.")
    }

    /// Returns whether the velocity network's x̂_0 is the closer one at every t above 0.8.
    @discardableResult
    func differences() -> Bool {
        book.cell("What does differ: the grid, the weighting, the target")
        let schedule = networks.schedule
        let exact = MixtureVelocity(mixture: mixture, path: .linear)
        let count = quick ? 400 : 2000
        let noise = NoiseStreams.initialNoise(count: count, dimension: 2, seed: seed &+ 5)
        // 1. The time grid: DDIM's 10 uniform steps in τ, as t, against 10 uniform steps in t.
        let ddimGrid = linearTimes(ODETimeGrid.uniform.times(steps: 10, schedule: schedule), schedule: schedule)
        let flowGrid = FlowSolver(method: .euler, steps: 10).times
        book.say("""
            The grid. DDIM's 10 steps, uniform in τ on Ho et al.'s schedule, fall at these t; flow matching's usual \
            10 steps are uniform in t:
            """)
        book.result("DDIM:  t = " + ddimGrid.map { Format.number($0, digits: 3) }.joined(separator: ", "))
        book.result("flow:  t = " + flowGrid.map { Format.number($0, digits: 3) }.joined(separator: ", "))
        let reference = Reference(exact: exact)
        var gridRows: [(String, Double, Double)] = []
        for (name, grid) in [("DDIM's grid", ddimGrid), ("uniform t", flowGrid)] {
            let start = noise.map { $0 * reference.startScale(t: grid[0]) }
            let samples = FlowSolver(method: .euler, times: grid).solve(exact, from: start, dimension: 2).samples
            let truth = reference.endpoint(from: start, t: grid[0])
            gridRows.append(
                (
                    name, rmsDistance(samples, truth, dimension: 2),
                    componentSpread([SIMD2<Double>](flat: samples), mixture: mixture)
                ))
        }
        var gridTable = TextTable(columns: [
            "10 Euler steps of v*", "rms error to the exact ODE",
            "component std (truth 0.1)",
        ])
        for row in gridRows {
            gridTable.append([
                row.0, Format.number(row.1, digits: 3),
                Format.number(
                    row.2,
                    digits: 3),
            ])
        }
        book.say("Both grids with the exact velocity, so only the grid differs (\(count) samples from the same noise):")
        book.show(gridTable)
        let better = gridRows[0].1 < gridRows[1].1 ? gridRows[0].0 : gridRows[1].0
        let lastDDIM = ddimGrid[ddimGrid.count - 2]
        book.say("""
            DDIM's grid spends its last step from t = \(Format.number(lastDDIM, digits: 3)) to 0 and \
            \(ddimGrid.filter { $0 > 0.5 }.count) of its 11 points above t = 0.5; the uniform grid's last step is from \
            t = 0.1. On the ring \(better) gives the smaller error here \
            (\(Format.number(min(gridRows[0].1, gridRows[1].1), digits: 3)) against \
            \(Format.number(max(gridRows[0].1, gridRows[1].1), digits: 3))).
            """)
        weighting(schedule: schedule)
        return target(exact: exact)
    }

    /// 2. The weighting over t that each loss implies.
    func weighting(schedule: NoiseSchedule) {
        let t = GaussianPath.linearTime(sigma: schedule.odeSigma(600))
        var rng = Xoshiro256(seed: seed, stream: 4101)
        let x0 = mixture.sample(count: 200, using: &rng).flattened
        let eps = rng.gaussians(x0.count)
        let xt = GaussianPath.linear.interpolate(x0: x0, noise: eps, t: t)
        let epsHat = networks.noise.predictNoise(
            xt: xt.map { schedule.alphaBar(600).squareRoot() * $0 / (1 - t) }, t: 600, dimension: 2)
        let vHat = GaussianPath.linear.velocity(fromNoise: epsHat, xt: xt, t: t)
        let u = GaussianPath.linear.conditionalVelocity(x0: x0, noise: eps, t: t)
        let lhs = squaredErrorsPerSample(u, vHat, dimension: 2)
        let rhs = squaredErrorsPerSample(eps, epsHat, dimension: 2)
        let identity = zip(lhs, rhs).map { abs($0 * (1 - t) * (1 - t) - $1) / max($1, 1e-300) }.max()!
        book.say("""
            The weighting. With x_t fixed, v − v̂ = (ε − ε̂)/(1 − t), so ‖u − v̂‖² = ‖ε − ε̂‖²/(1 − t)²: the \
            flow-matching loss is an ε-loss weighted by 1/(1 − t)² = (1 + σ)², 4 at t = 0.5 and 100 at t = 0.9 (Esser \
            et al. 2024, §2, write every such loss as a weighted ε-loss). Checked on 200 points at t = \
            \(Format.number(t, digits: 3)) (τ = 600) with the trained ε network: largest relative difference \
            \(Format.number(identity, digits: 2)). And the two trainings draw t differently: flow matching uniformly, \
            the ε network τ half uniform, half log-normal in σ (Lesson04). The share of 100,000 draws in each range of \
            t:
            """)
        var drawRNG = Xoshiro256(seed: seed, stream: 4102)
        let taus = networks.configuration.timeSampling.draw(count: 100_000, schedule: schedule, using: &drawRNG)
        let epsTimes = taus.map { GaussianPath.linearTime(sigma: schedule.odeSigma($0)) }
        let flowTimes = (0..<100_000).map { _ in drawRNG.uniform() }
        let edges = [0.0, 0.1, 0.5, 0.9, 1.0]
        var table = TextTable(
            columns: ["t in"]
                + zip(
                    edges,
                    edges.dropFirst()
                ).map {
                    "[\(Format.number($0, digits: 2)), "
                        + "\(Format.number($1, digits: 2)))"
                })
        for (name, ts) in [("flow matching (uniform t)", flowTimes), ("ε network (Lesson04's τ)", epsTimes)] {
            table.append(
                [name]
                    + zip(edges, edges.dropFirst()).map { lo, hi in
                        let inside = ts.filter { $0 >= lo && ($0 < hi || (hi == 1 && $0 <= 1)) }.count
                        return Format.number(100 * Double(inside) / 100_000, digits: 3) + "%"
                    })
        }
        book.show(table)
    }

    /// 3. The target: how each network's error reaches x̂_0.
    func target(exact: MixtureVelocity) -> Bool {
        let epsField = NoisePredictorVelocity(networks.noise)
        guard networks.dataset == .ring else {
            book.say(
                "The target's effect is measured against the exact velocity of the ring: run with --dataset "
                    + "ring to see it.")
            return false
        }
        book.say("""
            The target. From v̂, x̂_0 = x_t − t v̂; from ε̂, x̂_0 = (x_t − t ε̂)/(1 − t). An error δ in the output \
            moves x̂_0 by t δ in the first and by t/(1 − t) · δ in the second, 9δ at t = 0.9. The rms error of x̂_0 \
            against the exact E[x_0 | x_t] = x_t − t v*, on 2000 points of q_t, for the two networks trained for the \
            same \(networks.steps) steps:
            """)
        var rng = Xoshiro256(seed: seed, stream: 4201)
        var table = TextTable(columns: ["t", "x̂_0 error, velocity network", "x̂_0 error, ε network"])
        var csvRows: [(Double, Double, Double)] = []
        for target in [0.1, 0.3, 0.5, 0.7, 0.9, 0.97] {
            let t = epsField.stepTimes.min { abs($0 - target) < abs($1 - target) }!
            let x0 = mixture.sample(count: 2000, using: &rng).flattened
            let xt = GaussianPath.linear.interpolate(x0: x0, noise: rng.gaussians(x0.count), t: t)
            let truth = GaussianPath.linear.x0(fromVelocity: exact.velocity(xt: xt, t: t), xt: xt, t: t)
            let fromV = GaussianPath.linear.x0(
                fromVelocity: networks.velocity.velocity(xt: xt, t: t, dimension: 2),
                xt: xt, t: t)
            let fromEps = GaussianPath.linear.x0(
                fromVelocity: epsField.velocity(xt: xt, t: t, dimension: 2), xt: xt,
                t: t)
            let row = (t, rmsDistance(fromV, truth, dimension: 2), rmsDistance(fromEps, truth, dimension: 2))
            csvRows.append(row)
            table.append([
                Format.number(t, digits: 3), Format.number(row.1, digits: 3),
                Format.number(
                    row.2,
                    digits: 3),
            ])
        }
        book.show(table)
        var csv = CSVTable(columns: ["t", "x0_rms_error_velocity_network", "x0_rms_error_eps_network"])
        for row in csvRows { csv.append([.number(row.0), .number(row.1), .number(row.2)]) }
        book.save(
            data: csv, as: "target_x0_error",
            caption: "The rms error of x̂_0 implied by each network against the exact posterior mean.")
        let late = csvRows.filter { $0.0 > 0.8 }
        let early = csvRows.filter { $0.0 < 0.4 }
        let vWinsLate = late.allSatisfy { $0.1 < $0.2 }
        let epsWinsEarly = early.allSatisfy { $0.2 < $0.1 }
        let late08 =
            vWinsLate
            ? "At every t above 0.8 the velocity network's x̂_0 is the closer one, where the ε network's errors are "
                + "multiplied by t/(1 − t)."
            : "Above t = 0.8 the velocity network's x̂_0 is not closer at every t: the amplification t/(1 − t) is not "
                + "the whole story for these two networks."
        book.say(late08 + (epsWinsEarly ? " Below t = 0.4 the ε network's is closer." : ""))
        return vWinsLate
    }
}

/// The exact ODE's endpoint from any start, by Heun on a fine grid with v*.
struct Reference {
    let exact: MixtureVelocity
    /// Steps of the fine Heun solve per unit of t.
    let stepsPerUnit = 200

    /// x at linear time t for the noise z that DDIM starts from at the same σ: (1 − t) z/√ᾱ = √((1 − t)² + t²) z.
    func startScale(t: Double) -> Double { ((1 - t) * (1 - t) + t * t).squareRoot() }

    func endpoint(from start: [Double], t: Double) -> [Double] {
        let steps = max(50, Int((Double(stepsPerUnit) * t).rounded()))
        let times = (0...steps).map { t * (1 - Double($0) / Double(steps)) }
        return FlowSolver(method: .heun, times: times).solve(exact, from: start, dimension: 2).samples
    }
}
