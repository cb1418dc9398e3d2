import Diffusion
import Foundation
import Plot
import TrainedModels
import Workbook

/// Cells 4–7: the probability-flow ODE, DDIM as its Euler method, better solvers, and why they need enough steps.
struct SolverCells {
    let book: Notebook
    let setup: SamplingSetup
    let ideal: IdealDenoiser
    let seed: UInt64
    let count: Int
    let quick: Bool

    var schedule: NoiseSchedule { setup.schedule }
    let budgets = [5, 10, 20, 50]

    func probabilityFlow() {
        book.cell("The probability-flow ODE")
        book.say("""
            The forward process of Ho et al. is the discretized SDE dx = −½ β(t) x dt + √β(t) dw (Song et al. \
            2021, "Score-Based Generative Modeling through SDEs", eq. 11, the VP SDE). Running it backwards \
            is again an SDE, dx = [−½ β(t) x − β(t) ∇ log q_t(x)] dt + √β(t) dw̄ (eq. 6; DDPM samples it), and \
            the ODE dx = [−½ β(t) x − ½ β(t) ∇ log q_t(x)] dt moves the same marginals q_t without any noise \
            (eq. 13, the probability-flow ODE). Change variables to x̄ = x/√ᾱ_t and σ = √((1 − ᾱ_t)/ᾱ_t), so \
            that x̄ = x_0 + σ ε. In continuous time ᾱ(t) = exp(−∫₀ᵗ β(s) ds), the limit of ᾱ_t = Π_s (1 − β_s) \
            (the VP SDE's kernel, Song et al. 2021, Appendix B), so dᾱ/dt = −β ᾱ and d√ᾱ/dt = −½ β √ᾱ. The chain \
            rule, step by step:
            """)
        var derivation = TextTable(columns: ["", "step", "gives"])
        derivation.append(["1", "put in ∇ log q_t = −ε/√(1 − ᾱ)", "dx/dt = −½ β x + ½ β ε/√(1 − ᾱ)"])
        derivation.append(["2", "differentiate x̄ = x/√ᾱ", "dx̄/dt = (dx/dt)/√ᾱ + ½ β x/√ᾱ = ½ β ε/√(ᾱ (1 − ᾱ))"])
        derivation.append(["3", "σ² = 1/ᾱ − 1, so 2σ dσ/dt = β/ᾱ", "dσ/dt = β/(2ᾱσ) = ½ β/√(ᾱ (1 − ᾱ))"])
        derivation.append(["4", "divide 2 by 3", "dx̄/dσ = ε(x_t, t)"])
        book.show(derivation)
        book.say("""
            In step 2 the terms in x cancel, −½ β x/√ᾱ from the drift against +½ β x/√ᾱ from the shrinking √ᾱ: \
            x̄ moves only by the score's part. \
            This is Song et al. 2021 (DDIM), eq. 14, and Karras et al. 2022, eq. 1, dx = −σ̇ σ ∇ log p(x; σ) dt, \
            in x̄ with σ as the time: x̄ = x_0 + σ ε has the score −ε/σ, and −σ · (−ε/σ) = ε. One Euler step from \
            σ_t to σ_s is x̄_s = x̄_t + (σ_s − σ_t) ε̂; since x̄_t = x̂_0 + σ_t ε̂, that is x̄_s = x̂_0 + σ_s ε̂, and \
            multiplied by √ᾱ_s it is x_s = √ᾱ_s x̂_0 + √(1 − ᾱ_s) ε̂, the DDIM update with η = 0. Both, as code: \
            10 steps on DDIM's grid, from the same \(count) x_T:
            """)
        let xT = NoiseStreams.initialNoise(count: count, dimension: 2, seed: seed)
        for denoiser in setup.denoisers {
            let ddim = orFail { try DDIMSampler(schedule: schedule, steps: 10, eta: 0) }
            let viaDDIM = ddim.run(predictor: denoiser.predictor, from: xT, dimension: 2, seed: seed).samples
            let viaEuler = EulerSolver(schedule: schedule, steps: 10, grid: .uniform).solve(
                predictor: denoiser.predictor, from: xT, dimension: 2
            )
            .samples
            let gap = zip(viaDDIM, viaEuler).map { abs($0 - $1) }.max()!
            book.result(
                "\(denoiser.name): largest difference between DDIM (η = 0) and Euler in x̄ \(Format.number(gap, digits: 2)), "
                    + "for samples as large as \(Format.number(viaDDIM.map(abs).max()!, digits: 3))")
        }
        book.say("""
            Equal to rounding: DDIM with η = 0 is Euler's method, first order, its error per unit of σ \
            proportional to the step. A solver of order p has error ∝ h^p, so it can take fewer, larger steps.
            """)
    }

    /// One solver's run: quality and cost.
    struct Outcome {
        let choice: SolverChoice
        let calls: Int
        let samples: [Double]
        let score: EnergyDistanceComparison
        let spread: Double
        let seconds: Double
        var ratio: Double { score.distance / score.expectedFloor }
    }

    func runAll(
        _ denoiser: LessonDenoiser, xT: [Double], held: (data: [SIMD2<Double>], independent: [SIMD2<Double>]),
        budgets: [Int], choices: [SolverChoice] = SolverChoice.allCases
    ) -> [Outcome] {
        var outcomes: [Outcome] = []
        let reference = EnergyDistanceReference(data: held.data, independentData: held.independent)
        for calls in budgets {
            for choice in choices {
                let solver = choice.solver(calls: calls, schedule: schedule)
                let start = Date()
                let samples = solver.solve(predictor: denoiser.predictor, from: xT, dimension: 2, record: .none).samples
                let seconds = Date().timeIntervalSince(start)
                let points = [SIMD2<Double>](flat: samples)
                outcomes.append(
                    Outcome(
                        choice: choice, calls: solver.modelCalls, samples: samples,
                        score: reference.compare(points),
                        spread: componentSpread(points, mixture: ideal.mixture), seconds: seconds))
            }
        }
        return outcomes
    }

    func compare() {
        let T = schedule.timesteps
        book.cell("Fewer steps with better solvers")
        book.say("""
            Three solvers of dx̄/dσ = ε, run five ways, each from the same x_T. DDIM (Euler, first order) on its \
            uniform grid in t is the baseline. Heun's method, second order, is Karras et al. 2022's deterministic \
            sampler (Algorithm 1): an Euler step, then the step again with the mean of the slopes at both ends,
              x̄′ = x̄_i + (σ_{i+1} − σ_i) ε̂(x̄_i, σ_i),
              x̄_{i+1} = x̄_i + (σ_{i+1} − σ_i) · ½ (ε̂(x̄_i, σ_i) + ε̂(x̄′, σ_{i+1})),
            2 model calls per step; the last step, to σ = 0, stays an Euler step (Algorithm 1, line 6). It runs on \
            Karras's grid σ_i = (σ_max^{1/ρ} + i/(N − 1)(σ_min^{1/ρ} − σ_max^{1/ρ}))^ρ with ρ = 7 (their eq. 5). \
            (The step: HeunSolver.step in Sources/Diffusion/Samplers/ProbabilityFlow/HeunSolver.swift.)
            """)
        book.say("""
            DPM-Solver++(2M) (Lu et al. 2022b, "DPM-Solver++", Algorithm 2) follows x̂_0 instead of ε. Since \
            x̄ = x̂_0 + σ ε̂, the ODE is dx̄/dσ = (x̄ − x̂_0)/σ, and in λ = −log σ it reads dx̄/dλ = x̂_0 − x̄: a \
            linear part, −x̄, that integrates exactly, plus x̂_0, which only the model knows. Over a step from \
            σ_{i−1} to σ_i, of length h_i = λ_i − λ_{i−1} = log(σ_{i−1}/σ_i) in λ, the linear part shrinks x̄ by \
            e^{−h_i} = σ_i/σ_{i−1}, and with x̂_0 held at a value D_i over the step,
              x̄_i = (σ_i/σ_{i−1}) x̄_{i−1} + (1 − σ_i/σ_{i−1}) D_i
            (Algorithm 2's x_{t_i} = (σ_{t_i}/σ_{t_{i−1}}) x_{t_{i−1}} − α_{t_i} (e^{−h_i} − 1) D_i divided by \
            α_{t_i} = √ᾱ; the paper's σ_t is √(1 − ᾱ_t), ours is σ_t/α_t). With D_i = x̂_0(x̄_{i−1}, σ_{i−1}) this \
            is x̄_i = x̂_0 + σ_i ε̂, DDIM again. 2M instead draws the line through the last two x̂_0, in λ, and takes \
            its value halfway through the new step:
              D_i = (1 + 1/(2r_i)) x̂_0(σ_{i−1}) − 1/(2r_i) x̂_0(σ_{i−2}),   r_i = h_{i−1}/h_i,
            reusing the older x̂_0, so each step costs 1 model call. A step much longer in λ than the one before \
            (r_i small) gives the extrapolation a large weight 1/(2r_i). The first step has no older x̂_0, and the \
            step to σ = 0 has h = ∞; both take D_i = x̂_0. This loop is written out in this lesson's \
            SolverCells.swift (dpmSolver2M), beside the module's, which the tables below run:
            """)
        let karras10 = SolverChoice.dpmKarras.solver(calls: 10, schedule: schedule).times
        let xT10 = NoiseStreams.initialNoise(count: count, dimension: 2, seed: seed)
        let inView = dpmSolver2M(predictor: ideal, times: karras10, from: xT10)
        let module = DPMSolverPlusPlus2M(schedule: schedule, times: karras10)
            .solve(predictor: ideal, from: xT10, dimension: 2).samples
        let gap = zip(inView, module).map { abs($0 - $1) }.max()!
        book.result(
            "dpmSolver2M against the module's DPMSolverPlusPlus2M (Sources/Diffusion/Samplers/ProbabilityFlow/"
                + "DPMSolverPlusPlus.swift), 10 steps on Karras's grid, ideal denoiser: largest difference "
                + "\(Format.number(gap, digits: 2)), for samples as large as "
                + Format.number(module.map(abs).max()!, digits: 3))
        gridsInLogSigma()
        book.say("""
            DPM-Solver++(2M) runs three ways: on Karras's grid as it is usually run, on the same grid with its last \
            two steps taken first-order (diffusers' lower_order_final), and on the grid uniform in log-SNR that \
            the authors of DPM-Solver recommend (Lu et al. 2022a, "DPM-Solver", §3.3), where every step has the \
            same h. Every grid is rounded to the schedule's own steps, and ends with a step from t = 1 \
            (σ = \(Format.number(schedule.odeSigma(1), digits: 2))) to σ = 0. Model calls \(budgets), \(count) samples \
            each; quality is the energy distance over its expected floor (1× = as good as fresh data) and the \
            component std, the spread of samples around their nearest ring mean (truth 0.1; a coarse solver blurs it).
            """)
        let xT = NoiseStreams.initialNoise(count: count, dimension: 2, seed: seed)
        var csv = CSVTable(columns: [
            "denoiser", "solver", "model_calls", "energy_distance", "expected_floor", "component_std", "seconds",
        ])
        var panels: [Panel] = []
        var results: [String: [Outcome]] = [:]
        for denoiser in setup.denoisers {
            let outcomes = runAll(denoiser, xT: xT, held: denoiser.heldOut(count: count, seed: seed), budgets: budgets)
            results[denoiser.name] = outcomes
            var table = TextTable(columns: ["\(denoiser.name): solver"] + budgets.map { "\($0) calls" })
            var panel = Panel(
                title: "\(denoiser.name) denoiser", xLabel: "model calls", yLabel: "energy distance / expected floor")
            panel.xRange = 0...55
            panel.yScale = .log
            for choice in SolverChoice.allCases {
                let mine = outcomes.filter { $0.choice == choice }
                table.append(
                    [choice.short] + mine.map { "\(Format.ratio($0.ratio)) · \(Format.number($0.spread, digits: 2))" })
                panel.add(choice, xs: mine.map { Double($0.calls) }, ys: mine.map(\.ratio))
                for o in mine {
                    csv.append([
                        .text(denoiser.name), .text(choice.name), .int(o.calls), .number(o.score.distance),
                        .number(o.score.expectedFloor), .number(o.spread), .number(o.seconds),
                    ])
                }
            }
            panel.lines.append(
                LineSeries(label: "as good as data", xs: [0, 55], ys: [1, 1], color: .gray, style: .dotted))
            panels.append(panel)
            book.say("\(denoiser.name) denoiser — each cell: energy distance / expected floor · component std:")
            book.show(table)
        }
        for name in ["ideal", "trained"] {
            let outcomes = results[name]!
            let ddim = outcomes.filter { $0.choice == .ddim }
            let lines = SolverChoice.allCases.dropFirst().map { choice -> String in
                let mine = outcomes.filter { $0.choice == choice }
                let better = budgets.indices.filter { mine[$0].ratio < ddim[$0].ratio }.map { "\(budgets[$0])" }
                return "\(choice.short): \(better.isEmpty ? "none" : better.joined(separator: ", "))"
            }
            book.result("\(name) denoiser, budgets at which a solver beats DDIM: " + lines.joined(separator: "; "))
        }
        let trainedAt50 = results["trained"]!.filter { $0.calls >= 45 }.map(\.ratio)
        let idealAt50 = results["ideal"]!.filter { $0.calls >= 45 }.map(\.ratio)
        book.say("""
            With the ideal denoiser the only error is the solver's; with the trained network its own error \
            comes on top. \
            At 50 calls every solver scores \(Format.ratio(idealAt50.min()!))–\(Format.ratio(idealAt50.max()!)) the \
            expected floor \
            with the ideal denoiser and \(Format.ratio(trainedAt50.min()!))–\(Format.ratio(trainedAt50.max()!)) with \
            the trained \
            network\(trainedAt50.min()! > idealAt50.max()! ? ": every trained run scores above every ideal one, and that gap is the network's own error" : "").
            """)
        var figure = Figure(
            title: "Sample quality against model calls (lower is better; 1 = as good as fresh data)", panels: panels)
        figure.panelWidth = 560
        figure.panelHeight = 420
        book.save(
            figure, data: csv, as: "solvers",
            caption:
                "Energy distance over its expected floor against model calls, one line per solver (Heun spends 2N − 1 calls on N steps)."
        )
        seedBySeed(xT: xT, idealOutcomes: results["ideal"]!, T: T)
    }

    /// DPM-Solver++(2M) in x̄ and σ, as the cell writes it (Lu et al. 2022b, Algorithm 2, divided by √ᾱ),
    /// on the grid `times` (ending at t = 0), from x at times[0]; returns x at t = 0, which is x̄ there.
    func dpmSolver2M(predictor: some NoisePredictor, times: [Int], from start: [Double]) -> [Double] {
        var xBar = start.map { $0 / schedule.alphaBar(times[0]).squareRoot() }
        var olderX0: [Double] = []
        for i in 0..<(times.count - 1) {
            let (t, sigma, sigmaNext) = (times[i], schedule.odeSigma(times[i]), schedule.odeSigma(times[i + 1]))
            // 1. x̂_0 at σ_{i−1}, the step's one model call (x_t = √ᾱ_t x̄)
            let xt = xBar.map { schedule.alphaBar(t).squareRoot() * $0 }
            let x0 = schedule.predictX0(xt: xt, t: t, eps: predictor.predictNoise(xt: xt, t: t, dimension: 2))
            // 2. D_i: first order on the first step and the step to σ = 0, else the line through the last
            //    two x̂_0 in λ = −log σ, taken halfway through this step: weight 1/(2r), r = h_{i−1}/h_i
            var d = x0
            if i >= 1 && sigmaNext > 0 {
                let h = log(sigma / sigmaNext)
                let hPrevious = log(schedule.odeSigma(times[i - 1]) / sigma)
                let w = 1 / (2 * (hPrevious / h))
                d = zip(x0, olderX0).map { (1 + w) * $0 - w * $1 }
            }
            // 3. the linear part exactly: x̄_i = (σ_i/σ_{i−1}) x̄_{i−1} + (1 − σ_i/σ_{i−1}) D_i
            let ratio = sigmaNext / sigma
            xBar = zip(xBar, d).map { ratio * $0 + (1 - ratio) * $1 }
            olderX0 = x0
        }
        return xBar
    }

    /// Karras's ρ = 7 grid and the log-SNR grid at 10 steps, in σ and in h = log(σ_{i−1}/σ_i).
    func gridsInLogSigma() {
        book.say("""
            Where the grids put their steps. Karras et al. (§3) chose ρ to shorten the steps near σ_min at the \
            expense of longer ones near σ_max, and in σ ρ = 7 does; but DPM-Solver's step is h, a step in log σ. \
            The two 10-step grids of DPM-Solver++(2M), as they run here (the last step, σ = \
            \(Format.number(schedule.odeSigma(1), digits: 2)) → 0, has h = ∞ and is left out):
            """)
        let grids = [SolverChoice.dpmKarras, .dpmLogSNR].map { choice in
            Array(choice.solver(calls: 10, schedule: schedule).times.dropLast().map { schedule.odeSigma($0) })
        }
        var table = TextTable(columns: [
            "step", "Karras: σ_{i−1} → σ_i", "σ_{i−1} − σ_i", "h_i",
            "log-SNR: σ_{i−1} → σ_i", "σ_{i−1} − σ_i", "h_i",
        ])
        for i in 1..<grids[0].count {
            let cells = grids.flatMap { sigmas in
                [
                    "\(Format.number(sigmas[i - 1], digits: 3)) → \(Format.number(sigmas[i], digits: 3))",
                    Format.number(sigmas[i - 1] - sigmas[i], digits: 3),
                    Format.number(log(sigmas[i - 1] / sigmas[i]), digits: 2),
                ]
            }
            table.append(["\(i)"] + cells)
        }
        book.show(table)
        let (karras, logSNR) = (grids[0], grids[1])
        let h = { (sigmas: [Double], i: Int) in log(sigmas[i - 1] / sigmas[i]) }
        let (firstH, lastH) = (h(karras, 1), h(karras, karras.count - 1))
        let above = grids.map { $0.dropFirst().filter { $0 > 3 }.count }
        let logSNRSteps = (1..<logSNR.count).map { h(logSNR, $0) }
        let number = { (x: Double) in Format.number(x, digits: 2) }
        let opposite =
            !(lastH > firstH && above[0] > above[1])
            ? ""
            : " So ρ = 7 crowds the steps at small σ "
                + "only as measured in σ; in log σ, the measure of DPM-Solver's h, its steps are longest at small σ, "
                + "and it spends more of them at large σ than the log-SNR grid."
        book.say("""
            On Karras's grid the steps shrink in σ, from \(number(karras[0] - karras[1])) to \
            \(number(karras[karras.count - 2] - karras.last!)), while h \(lastH > firstH ? "grows" : "goes"), from \
            \(number(firstH)) to \(number(lastH)). It ends \(above[0]) of its 10 steps above σ = 3; the log-SNR grid, \
            whose h stays between \(Format.number(logSNRSteps.min()!, digits: 3)) and \
            \(Format.number(logSNRSteps.max()!, digits: 3)) (rounded to the schedule's steps), ends \(above[1]) \
            there.\(opposite)
            """)
    }

    /// Each solver's samples against a many-step solution from the same x_T, path by path;
    /// then several seeds; then the step that crosses σ ≈ 0.1.
    func seedBySeed(xT: [Double], idealOutcomes: [Outcome], T: Int) {
        book.cell("Seed by seed: error against the exact path")
        let referenceSolver = HeunSolver(schedule: schedule, times: Array((1...T).reversed()) + [0])
        let gridTimes = Set(SolverChoice.allCases.flatMap { $0.solver(calls: 10, schedule: schedule).times })
        let reference = referenceSolver.solve(predictor: ideal, from: xT, dimension: 2, record: .times(gridTimes))
        let check = DPMSolverPlusPlus2M(schedule: schedule, steps: T, grid: .uniform).solve(
            predictor: ideal, from: xT, dimension: 2
        ).samples
        book.say("""
            At these sample sizes one energy distance moves by tens of percent from seed to seed. A sharper \
            test: every solver starts from the same x_T, so compare each sample with where the exact ODE takes \
            that same x_T. The reference: Heun on all \(T) steps (\(referenceSolver.modelCalls) calls of the ideal \
            denoiser); DPM-Solver++(2M) on the same steps lands within \
            \(Format.number(rmsDistance(reference.samples, check, dimension: 2), digits: 2)) of it (rms), so its own \
            error \
            is far below anything in the table.
            """)
        var csv = CSVTable(columns: ["solver", "model_calls", "rms_error"])
        var table = TextTable(columns: ["rms error to the exact path"] + budgets.map { "\($0) calls" })
        var panel = Panel(
            title: "Distance to the exact path from the same x_T (ideal denoiser)", xLabel: "model calls",
            yLabel: "rms error")
        panel.xRange = 0...55
        panel.yScale = .log
        var errors: [SolverChoice: [Double]] = [:]
        for choice in SolverChoice.allCases {
            let mine = idealOutcomes.filter { $0.choice == choice }
            let values = mine.map { rmsDistance($0.samples, reference.samples, dimension: 2) }
            errors[choice] = values
            for (o, e) in zip(mine, values) { csv.append([.text(choice.name), .int(o.calls), .number(e)]) }
            table.append([choice.short] + values.map { Format.number($0, digits: 2) })
            panel.add(choice, xs: mine.map { Double($0.calls) }, ys: values)
        }
        book.show(table)
        var figure = Figure(title: nil, panels: [panel])
        figure.panelWidth = 640
        figure.panelHeight = 420
        book.save(
            figure, data: csv, as: "solver_errors",
            caption:
                "RMS distance of each solver's samples to the exact ODE solution from the same x_T (ideal denoiser).")
        func beatsDDIM(_ choice: SolverChoice, at i: Int) -> Bool { errors[choice]![i] < errors[.ddim]![i] }
        let others = SolverChoice.allCases.dropFirst()
        let everywhere = others.filter { c in budgets.indices.allSatisfy { beatsDDIM(c, at: $0) } }
        let lateOnly = others.filter { c in !beatsDDIM(c, at: 1) && beatsDDIM(c, at: budgets.count - 1) }
        book.say("""
            \(listed(everywhere.map(\.name), verb: "beats", plural: "beat")) DDIM at every budget. \
            \(listed(lateOnly.map(\.name), verb: "loses", plural: "lose")) to DDIM at 10 calls, yet \
            \(lateOnly.count == 1 ? "wins" : "win") at 50: second order is not faster by itself — the next cell shows \
            why.
            """)
        let winner = SolverChoice.dpmLogSNR
        let gains = [1, 2].map { errors[.ddim]![$0] / errors[winner]![$0] }
        book.result(
            "\(winner.name) against DDIM: \(Format.number(gains[0], digits: 2))× smaller error at 10 calls, "
                + "\(Format.number(gains[1], digits: 2))× at 20")
        severalSeeds(winner: winner)
        crossing(reference: reference, errors: errors)
    }

    /// "A", "A and B", "A, B and C" with the verb in the right number.
    func listed(_ names: [String], verb: String, plural: String) -> String {
        guard !names.isEmpty else { return "No solver " + verb }
        let joined = names.count == 1 ? names[0] : names.dropLast().joined(separator: ", ") + " and " + names.last!
        return joined + " " + (names.count == 1 ? verb : plural)
    }

    /// The energy distances of DDIM and `winner` at 10 and 20 calls over several seeds.
    func severalSeeds(winner: SolverChoice) {
        let seeds = (0..<(quick ? 3 : 5)).map { seed &+ UInt64($0) }
        var table = TextTable(columns: ["seed"] + [10, 20].flatMap { ["DDIM, \($0)", "\(winner.short), \($0)"] })
        var wins = [0, 0]
        for s in seeds {
            let denoiser = setup.denoisers.first { $0.name == "ideal" }!
            let outcomes = runAll(
                denoiser, xT: NoiseStreams.initialNoise(count: count, dimension: 2, seed: s),
                held: denoiser.heldOut(count: count, seed: s), budgets: [10, 20], choices: [.ddim, winner])
            var row = ["\(s)"]
            for (k, pair) in [Array(outcomes[0..<2]), Array(outcomes[2..<4])].enumerated() {
                row += pair.map { Format.ratio($0.ratio) }
                if pair[1].ratio < pair[0].ratio { wins[k] += 1 }
            }
            table.append(row)
        }
        book.say(
            "The energy distance (over its expected floor) of DDIM and \(winner.name) on \(seeds.count) seeds, each from its own x_T:"
        )
        book.show(table)
        book.result(
            "\(winner.short) beats DDIM on \(wins[0]) of \(seeds.count) seeds at 10 calls and \(wins[1]) of \(seeds.count) at 20"
        )
    }

    /// Where the second-order solvers lose: the step across σ ≈ the data's own spread.
    func crossing(reference: SamplingResult, errors fullErrors: [SolverChoice: [Double]]) {
        book.cell("Why higher order needs enough steps")
        let states = Dictionary(reference.trajectory.map { ($0.t, $0.samples) }, uniquingKeysWith: { a, _ in a })
        let spread = dataSpread()
        book.say("""
            Follow each 10-call solver step by step: after each step, the rms distance of its state to the \
            exact path at the same t (ideal denoiser), and the step that added the most error. σ is the noise \
            level the step ends at; the ring's own spread, its standard deviation along an axis, is \
            \(Format.number(spread, digits: 2)).
            """)
        var csv = CSVTable(columns: ["solver", "step", "t", "sigma", "rms_error"])
        var finals: [SolverChoice: [Double]] = [:]
        var worstSteps: [SolverChoice: Int] = [:]
        for choice in SolverChoice.allCases {
            let solver = choice.solver(calls: 10, schedule: schedule)
            let path = solver.solve(
                predictor: ideal, from: NoiseStreams.initialNoise(count: count, dimension: 2, seed: seed), dimension: 2,
                record: .times(Set(solver.times)))
            let byTime = Dictionary(path.trajectory.map { ($0.t, $0.samples) }, uniquingKeysWith: { a, _ in a })
            let ends = Array(solver.times.dropFirst())
            let errors = ends.map { rmsDistance(byTime[$0]!, states[$0] ?? reference.samples, dimension: 2) }
            for (i, (t, e)) in zip(ends, errors).enumerated() {
                csv.append([.text(choice.name), .int(i + 1), .int(t), .number(schedule.odeSigma(t)), .number(e)])
            }
            finals[choice] = errors
            let growth = errors.indices.map { errors[$0] - ($0 == 0 ? 0 : errors[$0 - 1]) }
            let worst = growth.indices.max { growth[$0] < growth[$1] }!
            worstSteps[choice] = ends[worst]
            let line = zip(ends, errors).map {
                "σ \(Format.number(schedule.odeSigma($0), digits: 2)): \(Format.number($1, digits: 2))"
            }
            book.result("\(choice.short): " + line.joined(separator: " → "))
            book.result(
                "   most error added by the step σ \(Format.number(schedule.odeSigma(solver.times[worst]), digits: 2)) → "
                    + "\(Format.number(schedule.odeSigma(ends[worst]), digits: 2)) (+\(Format.number(growth[worst], digits: 2))); "
                    + "over the last two steps the error goes from \(Format.number(errors[errors.count - 3], digits: 2)) to \(Format.number(errors.last!, digits: 2))"
            )
        }
        book.save(
            data: csv, as: "solver_steps",
            caption: "Each 10-call solver's rms distance to the exact path after each step (ideal denoiser).")
        // How far x̂_0 = E[x_0 | x_t] is from the ring's centre along the exact paths.
        let worstEnds = worstSteps.values.map { schedule.odeSigma($0) }
        // Whether any solver's worst step is one of its last two (ending at t = 1 or t = 0).
        let inLastSteps = worstSteps.values.contains { $0 <= 1 }
        let ddimTimes = SolverChoice.ddim.solver(calls: 10, schedule: schedule).times.dropLast()
        let swing = ddimTimes.map { t -> String in
            let x0 = [SIMD2<Double>](
                flat: schedule.predictX0(
                    xt: states[t]!, t: t, eps: ideal.predictNoise(xt: states[t]!, t: t, dimension: 2)))
            let radius = x0.reduce(0) { $0 + ($1 * $1).sum().squareRoot() } / Double(x0.count)
            return "σ \(Format.number(schedule.odeSigma(t), digits: 2)): \(Format.number(radius, digits: 2))"
        }
        book.say("""
            In every solver the step that adds the most error ends between σ = \
            \(Format.number(worstEnds.min()!, digits: 2)) \
            and \(Format.number(worstEnds.max()!, digits: 2)), around the ring's spread \
            \(Format.number(spread, digits: 2))\(inLastSteps ? "" : ", not in the last steps toward t = 0"). \
            That is where x̂_0 = E[x_0 | x_t] swings from the middle of the ring out to one of its components; \
            its mean distance from the centre along the exact paths:
            """)
        book.result(swing.joined(separator: " → "))
        book.say("""
            Heun's 10 calls buy only 5 steps, and one of them jumps across most of the swing. The step that \
            crosses σ = \(Format.number(spread, digits: 2)) spans, in σ, a factor of:
            """)
        let factors = SolverChoice.allCases.compactMap { choice -> String? in
            let sigmas = choice.solver(calls: 10, schedule: schedule).times.map { schedule.odeSigma($0) }
            guard let i = sigmas.indices.dropLast().first(where: { sigmas[$0] > spread && sigmas[$0 + 1] <= spread })
            else { return nil }
            return "\(choice.short) \(Format.number(sigmas[i] / sigmas[i + 1], digits: 2))"
        }
        book.result(factors.joined(separator: "; "))
        heunOnOneGaussian(spread: spread, errors: fullErrors)
        let dpm = DPMSolverPlusPlus2M(schedule: schedule, steps: 10, grid: .karras(rho: 7))
        let sigmas = dpm.times.map { schedule.odeSigma($0) }
        let s = ideal.mixture.standardDeviation
        // The last three grid points above 0: where x̂_0 settles within one component.
        let tail = Array(sigmas.dropLast().suffix(3))
        let shrink = tail.map { s * s / (s * s + $0 * $0) }
        let w = dpm.extrapolationWeight(step: dpm.stepCount - 2)
        let plain = finals[.dpmKarras]!
        let lower = finals[.dpmKarrasLowerOrderFinal]!
        let errorAbove3 = zip(sigmas.dropFirst(), plain).filter { $0.0 > 3 }.map(\.1).max() ?? 0
        let logSNRBest = budgets.indices.allSatisfy { i in
            SolverChoice.allCases.allSatisfy { fullErrors[$0]![i] >= fullErrors[.dpmLogSNR]![i] }
        }
        // An error δ in x̄ entering the step σ_{i−1} = tail[1] → σ_i = tail[2], multiplied by the exact flow
        // (x̄ − μ ∝ √(s² + σ²) inside one Gaussian), by a first-order step and by the 2M step.
        let decay = tail[2] / tail[1]
        let exactFactor = ((s * s + tail[2] * tail[2]) / (s * s + tail[1] * tail[1])).squareRoot()
        let firstOrderFactor = decay + (1 - decay) * shrink[1]
        let twoMFactor = decay + (1 - decay) * (1 + w) * shrink[1]
        let number = { (x: Double) in Format.number(x, digits: 2) }
        let factor = { (x: Double) in Format.number(x, digits: 3) }
        let (twoMOverTwo, firstOrderOverTwo) = (twoMFactor * shrink[2], firstOrderFactor * shrink[2])
        let componentSwing = """
            DPM-Solver++(2M) goes wrong a second time, later, where σ passes the spread of one component, \
            s = \(number(s)). Within a component x̂_0 − μ = f · (x̄ − μ) with f = s²/(s² + σ²): f = \
            \(shrink.map(number).joined(separator: ", then ")) at σ = \(tail.map(number).joined(separator: ", ")) on \
            Karras's 10-step grid. An error δ that x̄ carries into the step from σ = \(number(tail[1])) to \
            \(number(tail[2])) comes out multiplied: by the exact flow by √(s² + σ_i²)/√(s² + σ_{i−1}²) = \
            \(factor(exactFactor)) (inside one Gaussian every path keeps x̄ − μ ∝ √(s² + σ²)); by a first-order \
            step by e^{−h} + (1 − e^{−h}) f = \(factor(firstOrderFactor)); by the 2M step by \
            e^{−h} + (1 − e^{−h}) (1 + 1/(2r)) f = \(factor(twoMFactor)), because D weighs the newest x̂_0 by \
            1 + 1/(2r) = \(factor(1 + w)) (the older x̂_0 hardly moves with δ: f = \(number(shrink[0])) there). \
            The last step, to σ = 0, multiplies by f = \(number(shrink[2])) in both. So, for an error within one \
            component, over the last two steps 2M \
            \(twoMOverTwo > 1 ? "grows" : "shrinks") the error the swing left ×\(factor(twoMOverTwo)), first order \
            ×\(factor(firstOrderOverTwo)). 
            """
        let ratio = { (e: [Double]) in "×" + factor(e.last! / e[e.count - 3]) }
        let stepsAbove3 = sigmas.filter { $0 > 3 }.count - 1
        book.say("""
            \(lower.last! < plain.last! ? componentSwing : "")Measured, over the last two steps the error of 2M on \
            Karras's grid goes from \(number(plain[plain.count - 3])) to \(number(plain.last!)) (\(ratio(plain))); \
            taken first-order (lower-order final), the same two steps bring it to \(number(lower.last!)) \
            (\(ratio(lower))). On the log-SNR grid every step spans about the same factor in σ; Karras's ρ = 7 grid \
            spends \(stepsAbove3) of its 10 steps above σ = 3, where its error stays at or below \
            \(number(errorAbove3)).\
            \(logSNRBest ? " The log-SNR grid's error is the lowest at every budget." : "")
            """)
    }

    /// The data's standard deviation along one axis, √(r²/2 + s²) for the ring (radius r = 1).
    func dataSpread() -> Double {
        let means = ideal.mixture.means
        let s = ideal.mixture.standardDeviation
        let meanSquare = means.reduce(0) { $0 + ($1 * $1).sum() } / Double(2 * means.count)
        return (meanSquare + s * s).squareRoot()
    }

    /// Heun's step across σ ≈ the spread on a single Gaussian, where everything is exact.
    func heunOnOneGaussian(spread s: Double, errors: [SolverChoice: [Double]]) {
        let times = HeunSolver(schedule: schedule, steps: 5).times
        let sigmas = times.map { schedule.odeSigma($0) }
        guard let i = sigmas.indices.dropLast().first(where: { sigmas[$0] > s && sigmas[$0 + 1] < s }) else { return }
        let (sigma, sigmaNext) = (sigmas[i], sigmas[i + 1])
        // A Gaussian N(0, s²): slope dx̄/dσ = σ x̄/(s² + σ²), exact path x̄ ∝ √(s² + σ²).
        let slope: ([Double], Double) -> [Double] = { x, sig in x.map { sig * $0 / (s * s + sig * sig) } }
        let start = [(s * s + sigma * sigma).squareRoot()]
        let exact = (s * s + sigmaNext * sigmaNext).squareRoot()
        let euler = start[0] + (sigmaNext - sigma) * slope(start, sigma)[0]
        let heun = HeunSolver.step(xBar: start, sigma: sigma, sigmaNext: sigmaNext, slope: slope)[0]
        book.say("""
            The same step on one Gaussian with the ring's spread, s = \(Format.number(s, digits: 2)), where the \
            slope is exact: dx̄/dσ = σ x̄/(s² + σ²). For σ ≫ s that is x̄/σ, a straight line that even Euler \
            follows exactly; for σ ≪ s it is nearly 0. Heun's step from σ = \(Format.number(sigma, digits: 2)) \
            to \(Format.number(sigmaNext, digits: 2)), from one standard deviation out (x̄ = \
            \(Format.number(start[0], digits: 3))):
            """)
        book.result(
            "exact \(Format.number(exact, digits: 3)); Euler \(Format.number(euler, digits: 3)) (error \(Format.number(abs(euler - exact), digits: 2))); "
                + "Heun \(Format.number(heun, digits: 3)) (error \(Format.number(abs(heun - exact), digits: 2)))")
        let startSlope = slope(start, sigma)[0]
        let endSlope = slope([euler], sigmaNext)[0]
        let (heun50, ddim50) = (errors[.heun]![3], errors[.ddim]![3])
        let heunPays =
            heun50 >= ddim50
            ? ""
            : " Second order pays once the steps are short where the slope bends: "
                + "at 50 calls (25 steps) Heun's error, \(Format.number(heun50, digits: 2)), is "
                + "\(Format.number(ddim50 / heun50, digits: 2))× smaller than DDIM's."
        book.say("""
            The slope is \(Format.number(startSlope, digits: 2)) at the start and \
            \(Format.number(endSlope, digits: 2)) at the \
            Euler point at the end; over the step the exact x̄ falls by \
            \(Format.number(start[0] - exact, digits: 3)), Euler's \
            full step by \(Format.number(start[0] - euler, digits: 3)), Heun's mean slope times the step by only \
            \(Format.number(start[0] - heun, digits: 3)). Across σ = s the slope is nowhere near a straight line in \
            σ, which is \
            what the trapezoid rule assumes.\(heunPays)
            """)
    }
}

extension Panel {
    /// One solver's line with a dot at each budget, in the solver's own colour; DDIM dashed.
    mutating func add(_ choice: SolverChoice, xs: [Double], ys: [Double]) {
        let color = Color.palette[SolverChoice.allCases.firstIndex(of: choice)!]
        lines.append(
            LineSeries(label: choice.short, xs: xs, ys: ys, color: color, style: choice == .ddim ? .dashed : .solid))
        scatters.append(ScatterLayer(points: zip(xs, ys).map { SIMD2($0, $1) }, color: color, radius: 3.5, alpha: 1))
    }
}
