import Diffusion
import Foundation
import Plot
import Workbook

/// Cell: the velocity network's samplers beside Lesson08's solvers on the ε network.
struct SolverCell {
    let book: Notebook
    let networks: LessonNetworks
    let mixture: GaussianMixture
    let seed: UInt64
    let quick: Bool
    /// Whether the cell before found the velocity network's x̂_0 closer at every t above 0.8.
    let velocityCloserLate: Bool

    struct Outcome {
        let model: String, sampler: String, calls: Int
        let score: EnergyDistanceComparison
        let spread: Double?
        let pathError: Double?
        var ratio: Double { score.distance / score.expectedFloor }
    }

    func run() {
        book.cell("Sampling the velocity network, beside the ε network")
        let ringMeasures =
            ", the component std (truth 0.1) and the rms distance of each sample to where the exact ODE "
            + "takes the same start (path error)"
        let budgets = [5, 10, 20, 50]
        let count = quick ? 400 : 2000
        let ring = networks.dataset == .ring
        book.say("""
            The velocity network with Euler and Heun (2 calls a step, \(FlowSolver.steps(for: .heun, calls: 5)) steps \
            for 5 calls) on a grid uniform in t; the ε network trained for the same \(networks.steps) steps with \
            Lesson08's solvers: DDIM, Heun on Karras's ρ = 7 grid, DPM-Solver++(2M) on the log-SNR grid. All start \
            from the same \(count) noise draws. Quality: the energy distance to held-out data over its expected floor \
            (1× = as good as fresh data)\(ring ? ringMeasures : "").
            """)
        let noise = NoiseStreams.initialNoise(count: count, dimension: 2, seed: seed &+ 11)
        let reference = heldOutReference(networks.dataset, count: count, seed: seed)
        let exact = Reference(exact: MixtureVelocity(mixture: mixture, path: .linear))
        let schedule = networks.schedule
        var outcomes: [Outcome] = []
        func judge(_ model: String, _ sampler: String, _ calls: Int, _ samples: [Double], truth: [Double]?) {
            let points = [SIMD2<Double>](flat: samples)
            outcomes.append(
                Outcome(
                    model: model, sampler: sampler, calls: calls, score: reference.compare(points),
                    spread: ring ? componentSpread(points, mixture: mixture) : nil,
                    pathError: truth.map { rmsDistance(samples, $0, dimension: 2) }))
        }
        let flowTruth = ring ? exact.endpoint(from: noise, t: 1) : nil
        var epsTruths: [Int: [Double]] = [:]
        for calls in budgets {
            for method in FlowSolverMethod.allCases {
                let solver = FlowSolver(method: method, steps: FlowSolver.steps(for: method, calls: calls))
                let samples = solver.solve(networks.velocity, from: noise, dimension: 2).samples
                judge(
                    "velocity network", method == .euler ? "Euler (uniform t)" : "Heun (uniform t)",
                    solver.modelCalls, samples, truth: flowTruth)
            }
            let epsSolvers: [(String, any ProbabilityFlowSolver)] = [
                ("DDIM (uniform τ)", EulerSolver(schedule: schedule, steps: calls, grid: .uniform)),
                ("Heun (Karras ρ = 7)", HeunSolver(schedule: schedule, steps: (calls + 1) / 2, grid: .karras(rho: 7))),
                ("DPM-Solver++(2M) (log-SNR)", DPMSolverPlusPlus2M(schedule: schedule, steps: calls, grid: .logSNR)),
            ]
            for (name, solver) in epsSolvers {
                let tau = solver.times[0]
                let samples = solver.solve(predictor: networks.noise, from: noise, dimension: 2, record: .none).samples
                if ring && epsTruths[tau] == nil {
                    let t = GaussianPath.linearTime(sigma: schedule.odeSigma(tau))
                    epsTruths[tau] = exact.endpoint(from: noise.map { $0 * exact.startScale(t: t) }, t: t)
                }
                judge("ε network", name, solver.modelCalls, samples, truth: ring ? epsTruths[tau] : nil)
            }
        }
        var csv = CSVTable(columns: [
            "model", "sampler", "model_calls", "energy_distance", "expected_floor",
            "component_std", "path_error",
        ])
        for o in outcomes {
            csv.append([
                .text(o.model), .text(o.sampler), .int(o.calls), .number(o.score.distance),
                .number(o.score.expectedFloor),
                o.spread.map { .number($0) } ?? .text(""), o.pathError.map { .number($0) } ?? .text(""),
            ])
        }
        let samplers = Array(Set(outcomes.map { "\($0.model): \($0.sampler)" })).sorted()
        var table = TextTable(columns: ["sampler"] + budgets.map { "≤ \($0) calls" })
        var quality = Panel(
            title: "Energy distance / expected floor", xLabel: "model calls",
            yLabel: "ratio (1 = as good as data)")
        var paths = Panel(
            title: "rms distance to the exact ODE's endpoint", xLabel: "model calls",
            yLabel: "path error")
        quality.yScale = .log
        paths.yScale = .log
        for (i, name) in samplers.enumerated() {
            let mine = outcomes.filter { "\($0.model): \($0.sampler)" == name }
            table.append(
                [name]
                    + mine.map { o in
                        Format.ratio(o.ratio)
                            + (o.spread.map {
                                " · "
                                    + Format.number(
                                        $0,
                                        digits: 2)
                            } ?? "") + (o.pathError.map { " · " + Format.number($0, digits: 2) } ?? "")
                    })
            let color = Color.palette[i % Color.palette.count]
            let style: LineStyle = name.hasPrefix("velocity") ? .solid : .dashed
            quality.lines.append(
                LineSeries(
                    label: name, xs: mine.map { Double($0.calls) }, ys: mine.map(\.ratio),
                    color: color, style: style))
            if ring {
                paths.lines.append(
                    LineSeries(
                        label: name, xs: mine.map { Double($0.calls) },
                        ys: mine.map { $0.pathError! }, color: color, style: style))
            }
        }
        quality.lines.append(
            LineSeries(
                label: "as good as data", xs: [0, 52], ys: [1, 1], color: .gray,
                style: .dotted))
        book.say("Each cell: energy distance / floor\(ring ? " · component std · path error" : ""):")
        book.show(table)
        var figure = Figure(
            title: "The velocity network (solid) and the ε network (dashed), trained for the same "
                + "\(networks.steps) steps",
            panels: ring ? [quality, paths] : [quality])
        figure.panelWidth = 520
        figure.panelHeight = 400
        book.save(
            figure, data: csv, as: "flow_solvers",
            caption: "Quality and path error of each sampler against model calls.")
        verdict(outcomes, budgets: budgets, ring: ring)
    }

    /// Which model and sampler wins at each budget, worded from the numbers.
    func verdict(_ outcomes: [Outcome], budgets: [Int], ring: Bool) {
        for calls in budgets {
            let here = outcomes.filter { $0.calls <= calls && $0.calls > calls / 2 }
            let best = here.min { $0.ratio < $1.ratio }!
            let bestPath = ring ? here.min { $0.pathError! < $1.pathError! } : nil
            let path =
                bestPath.map {
                    "; smallest path error \($0.model), \($0.sampler) "
                        + "(\(Format.number($0.pathError!, digits: 2)))"
                } ?? ""
            book.result(
                "≤ \(calls) calls: best energy ratio \(best.model), \(best.sampler) "
                    + "(\(Format.ratio(best.ratio)))" + path)
        }
        let late = outcomes.filter { $0.calls > 25 }
        let bestFlow = late.filter { $0.model == "velocity network" }.min { $0.ratio < $1.ratio }!
        let bestEps = late.filter { $0.model == "ε network" }.min { $0.ratio < $1.ratio }!
        let winner = bestFlow.ratio < bestEps.ratio ? "velocity network" : "ε network"
        guard ring else {
            book.say(
                "At about 50 calls the best velocity-network run scores \(Format.ratio(bestFlow.ratio)) and the "
                    + "best ε-network run \(Format.ratio(bestEps.ratio)): the \(winner) wins on this data.")
            return
        }
        // The solvers' own error: the same grids with the exact field, against the exact ODE.
        let exact = Reference(exact: MixtureVelocity(mixture: mixture, path: .linear))
        let count = 1000
        let noise = NoiseStreams.initialNoise(count: count, dimension: 2, seed: seed &+ 11)
        let schedule = networks.schedule
        let ideal = IdealDenoiser(mixture: mixture, schedule: schedule)
        let flowTruth = exact.endpoint(from: noise, t: 1)
        func solverErrors(calls: Int) -> (euler: Double, ddim: Double) {
            let euler = FlowSolver(method: .euler, steps: calls).solve(exact.exact, from: noise, dimension: 2).samples
            let ddim = EulerSolver(schedule: schedule, steps: calls, grid: .uniform)
            let t = GaussianPath.linearTime(sigma: schedule.odeSigma(ddim.times[0]))
            let truth = exact.endpoint(from: noise.map { $0 * exact.startScale(t: t) }, t: t)
            let samples = ddim.solve(predictor: ideal, from: noise, dimension: 2, record: .none).samples
            return (rmsDistance(euler, flowTruth, dimension: 2), rmsDistance(samples, truth, dimension: 2))
        }
        let (few, many) = (solverErrors(calls: 5), solverErrors(calls: 50))
        let flowPaths = outcomes.filter { $0.model == "velocity network" }.map { $0.pathError! }
        let epsPaths = outcomes.filter { $0.model == "ε network" && $0.calls > 25 }.map { $0.pathError! }
        let ownError =
            many.euler < flowPaths.min()! / 2 && many.ddim < epsPaths.min()! / 2
            ? " At 50 calls that is the networks' own error, not the solvers'." : ""
        let whereLost = winner == "velocity network" && velocityCloserLate ? lateSwap() : ""
        book.say("""
            The solvers' own error, the same grids with the exact field (\(count) samples): Euler on uniform t ends \
            \(Format.number(few.euler, digits: 2)) from the exact ODE's endpoint at 5 calls and \
            \(Format.number(many.euler, digits: 2)) at 50; DDIM with the ideal denoiser \
            \(Format.number(few.ddim, digits: 2)) and \(Format.number(many.ddim, digits: 2)). With the networks, every \
            velocity-network run ends \(Format.number(flowPaths.min()!, digits: 2))–\
            \(Format.number(flowPaths.max()!, digits: 2)) from it, and the ε network's runs at about 50 calls \
            \(Format.number(epsPaths.min()!, digits: 2))–\(Format.number(epsPaths.max()!, digits: 2)).\
            \(ownError) The \(winner) wins here: at about 50 calls its best run scores \
            \(Format.ratio(min(bestFlow.ratio, bestEps.ratio))) against \
            \(Format.ratio(max(bestFlow.ratio, bestEps.ratio))). \(whereLost)On the velocity network Heun beats Euler \
            at \(heunWins(outcomes)) of the 4 budgets. These are short runs (\(networks.steps) steps of \
            \(networks.configuration.batchSize) points; Lesson04 trains 10,000 of 256), so the ranking is for this \
            budget of training.
            """)
    }

    /// Whether the ε network loses at large t, by experiment: DDIM's 50-step grid (Euler on the
    /// linear path) with the ε network's field, with the velocity network's field above t = 0.8
    /// and the ε network's below, and with the velocity network's throughout; worded from the scores.
    func lateSwap() -> String {
        // The noise and held-out data of the table above, so the ε network's own score is its DDIM entry.
        let count = quick ? 400 : 2000
        let noise = NoiseStreams.initialNoise(count: count, dimension: 2, seed: seed &+ 11)
        let schedule = networks.schedule
        let epsField = NoisePredictorVelocity(networks.noise)
        let grid = EulerSolver(schedule: schedule, steps: 50, grid: .uniform).times.map {
            $0 == 0 ? 0 : GaussianPath.linearTime(sigma: schedule.odeSigma($0))
        }
        let start = noise.map {
            $0
                * Reference(exact: MixtureVelocity(mixture: mixture, path: .linear))
                .startScale(t: grid[0])
        }
        let reference = heldOutReference(networks.dataset, count: count, seed: seed)
        func ratio(_ field: some VelocityField) -> Double {
            let samples = FlowSolver(method: .euler, times: grid).solve(field, from: start, dimension: 2).samples
            let score = reference.compare([SIMD2<Double>](flat: samples))
            return score.distance / score.expectedFloor
        }
        let eps = ratio(epsField)
        let velocity = ratio(networks.velocity)
        let swapped = ratio(SwitchedField(late: networks.velocity, early: epsField, switchTime: 0.8))
        let share = (eps - swapped) / (eps - velocity)
        let verdict =
            eps <= velocity
            ? "so on this grid the ε network does not lose at all"
            : share > 0.5
                ? "so most of the ε network's loss is at large t, where the cell before found its x̂_0 "
                    + "errors multiplied by t/(1 − t) and flow matching's loss weighs the ε-loss (1 + σ)² times "
                    + "more heavily than L_simple"
                : "so its large-t errors are not most of what it loses: the rest is below t = 0.8"
        return "Where does the ε network lose? On DDIM's 50-step grid, with its own field it scores "
            + "\(Format.ratio(eps)); with the velocity network's field above t = 0.8 and its own below, "
            + "\(Format.ratio(swapped)); with the velocity network's throughout, \(Format.ratio(velocity)): "
            + verdict + ". "
    }

    /// At how many budgets Heun beats Euler on the velocity network (by energy ratio).
    func heunWins(_ outcomes: [Outcome]) -> Int {
        let flow = outcomes.filter { $0.model == "velocity network" }
        let euler = flow.filter { $0.sampler.hasPrefix("Euler") }
        let heun = flow.filter { $0.sampler.hasPrefix("Heun") }
        return zip(euler, heun).filter { $1.ratio < $0.ratio }.count
    }
}

/// One field above `switchTime` and another at and below it.
struct SwitchedField<Late: VelocityField, Early: VelocityField>: VelocityField {
    let late: Late
    let early: Early
    let switchTime: Double

    func velocity(xt: [Double], t: Double, dimension: Int) -> [Double] {
        t > switchTime
            ? late.velocity(xt: xt, t: t, dimension: dimension)
            : early.velocity(xt: xt, t: t, dimension: dimension)
    }
}
