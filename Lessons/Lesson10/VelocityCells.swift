import Diffusion
import Foundation
import Plot
import Workbook

/// Cells 2–3: two Gaussian paths, and the exact marginal velocity of the ring checked two ways.
struct VelocityCells {
    let book: Notebook
    let mixture: GaussianMixture
    let seed: UInt64
    let quick: Bool

    func paths() {
        book.cell("Two Gaussian paths")
        let vpEnd = pow(GaussianPath.vp.signalRate(1), 2) / NoiseSchedule(.linear, timesteps: 1000).alphaBar(1000)
        book.say("""
            Both the diffusion of Lessons 01–09 and rectified flow put x_t = a_t x_0 + b_t ε with ε ~ N(0, I) \
            (Esser et al. 2024, §2). The linear path has a_t = 1 − t, b_t = t. The VP path is Ho et al.'s linear \
            schedule in continuous time: a_t = exp(−¼ t² (β̄_max − β̄_min) − ½ t β̄_min) ≈ √ᾱ_{1000t} (a_1² is \
            \(Format.number(vpEnd, digits: 3)) times ᾱ_1000), b_t = √(1 − a_t²), \
            with β̄_min = 0.1 and β̄_max = 20, which are 1000 β_1 and 1000 β_1000 (Song et al. 2021, "Score-Based \
            Generative Modeling through SDEs", Appendix B). A point on the path moves with the conditional velocity \
            u_t = dx_t/dt = a′_t x_0 + b′_t ε: on the linear path u = ε − x_0, the same at every t, so each \
            conditional path is a straight line run at constant speed.
            """)
        let paths: [GaussianPath] = [.linear, .vp]
        let times = (0...100).map { Double($0) / 100 }
        var csv = CSVTable(columns: ["path", "t", "a", "b", "log_snr"])
        var coefficients = Panel(title: "a_t (solid) and b_t (dashed)", xLabel: "t", yLabel: "coefficient")
        coefficients.yRange = 0...1.9  // room above the curves for the legend
        var snr = Panel(title: "log-SNR = log(a_t²/b_t²)", xLabel: "t", yLabel: "log-SNR")
        for (i, path) in paths.enumerated() {
            let a = times.map(path.signalRate)
            let b = times.map(path.noiseRate)
            let inner = times.indices.filter { b[$0] > 0 && a[$0] > 0 }
            for k in times.indices {
                let logSNR = inner.contains(k) ? 2 * log(a[k] / b[k]) : (b[k] == 0 ? Double.infinity : -Double.infinity)
                csv.append([
                    .text(path.name), .number(times[k]), .number(a[k]), .number(b[k]),
                    logSNR.isFinite ? .number(logSNR) : .text(""),
                ])
            }
            coefficients.lines.append(LineSeries(label: "\(path.name) a_t", xs: times, ys: a, color: Color.palette[i]))
            coefficients.lines.append(
                LineSeries(
                    label: "\(path.name) b_t", xs: times, ys: b, color: Color.palette[i],
                    style: .dashed))
            snr.lines.append(
                LineSeries(
                    label: path.name, xs: inner.map { times[$0] },
                    ys: inner.map { 2 * log(a[$0] / b[$0]) },
                    color: Color.palette[i]))
        }
        snr.yRange = -12...8
        var figure = Figure(
            title: "The linear path and the VP path as x_t = a_t x_0 + b_t ε",
            panels: [
                coefficients,
                snr,
            ])
        figure.panelWidth = 460
        figure.panelHeight = 340
        book.save(
            figure, data: csv, as: "paths",
            caption: "a_t, b_t and log-SNR of both paths (log-SNR empty where it is ±∞).")
        // Where each path's SNR crosses 1 (a_t = b_t), by bisection.
        func crossing(_ path: GaussianPath) -> Double {
            var (lo, hi) = (0.0, 1.0)
            for _ in 0..<60 {
                let mid = (lo + hi) / 2
                if path.signalRate(mid) > path.noiseRate(mid) { lo = mid } else { hi = mid }
            }
            return lo
        }
        let vpCross = crossing(.vp)
        let belowTenth = (0...1000).map { Double($0) / 1000 }.filter { t in
            let a = GaussianPath.vp.signalRate(t)
            let b = GaussianPath.vp.noiseRate(t)
            return a * a < 0.01 * b * b
        }.count
        book.result(
            "a_t = b_t (SNR 1) at t = \(Format.number(crossing(.linear), digits: 3)) on the linear path and "
                + "t = \(Format.number(vpCross, digits: 3)) on the VP path")
        book.say("""
            The same noise levels, visited at other times: the VP path passes SNR = 1 at t = \
            \(Format.number(vpCross, digits: 2)) and spends \(Format.number(Double(belowTenth) / 10, digits: 3))% of \
            its time below SNR = 0.01, where x_t is nearly pure noise. A time grid uniform in t means different things \
            on the two paths.
            """)
    }

    /// A grid of points over the plane, and points of q_t, where the velocity is checked.
    func checkPoints(t: Double, path: GaussianPath, using rng: inout Xoshiro256) -> [SIMD2<Double>] {
        let values = (0..<21).map { -2.5 + 5 * Double($0) / 20 }
        let grid = values.flatMap { y in values.map { SIMD2($0, y) } }
        let x0 = mixture.sample(count: 200, using: &rng)
        let onPath = x0.map { path.signalRate(t) * $0 + path.noiseRate(t) * SIMD2(rng.gaussian(), rng.gaussian()) }
        return grid + onPath
    }

    func exactVelocity() {
        book.cell("The exact marginal velocity of the ring")
        book.say("""
            A network cannot learn u itself: at a point x many pairs (x_0, ε) pass through, with different u. The loss \
            ‖v(x_t, t) − u‖² is least for the average, the marginal velocity v*(x, t) = E[u_t | x_t = x] (Lipman et \
            al. 2023, eq. 8 and Theorem 1: it moves the whole distribution q_t along the path). For the ring, given \
            component k (mean μ_k, spread s = \(Format.number(mixture.standardDeviation, digits: 2))), x_0 and x_t are \
            jointly Gaussian with x_t ~ N(a_t μ_k, V_t I), V_t = a_t² s² + b_t², so (Bishop 2006, eq. 2.116) E[x_0 | \
            x, k] = μ_k + a_t s²/V_t (x − a_t μ_k) and E[ε | x, k] = b_t/V_t (x − a_t μ_k). Weighting by the \
            responsibilities w_k(x) = softmax_k(−‖x − a_t μ_k‖²/(2 V_t)):
              v*(x, t) = Σ_k w_k(x) [a′_t μ_k + (a′_t a_t s² + b′_t b_t)/V_t (x − a_t μ_k)]
            (MixtureVelocity in Sources/Diffusion/Analytic). Two independent checks. First, the probability-flow ODE \
            (Lesson08): with x̄ = x/(1 − t) and σ = t/(1 − t), x̄ = x_0 + σ ε, so dx̄/dσ = ε*(x̄) is Lesson08's ODE; \
            back in x = (1 − t) x̄, dx/dt = −x̄ + (1 − t) ε* dσ/dt = (ε* − x)/(1 − t), with ε* from the ideal denoiser \
            of Lessons 04–08 at ᾱ = 1/(1 + σ²), fed x_VP = √ᾱ x̄:
            """)
        let exact = MixtureVelocity(mixture: mixture, path: .linear)
        let times = (1...19).map { Double($0) / 20 }
        var rng = Xoshiro256(seed: seed, stream: 3001)
        var csv = CSVTable(columns: ["t", "max_abs_error", "max_abs_velocity"])
        var worst = 0.0
        var largest = 0.0
        for t in times {
            let x = checkPoints(t: t, path: .linear, using: &rng).flattened
            let sigma = t / (1 - t)
            let alphaBar = 1 / (1 + sigma * sigma)
            // A schedule whose step 1 has ᾱ_1 = ᾱ (a second step because a schedule needs two).
            let ideal = IdealDenoiser(mixture: mixture, schedule: NoiseSchedule(betas: [1 - alphaBar, 0.5]))
            let eps = ideal.predictNoise(xt: x.map { alphaBar.squareRoot() * $0 / (1 - t) }, t: 1, dimension: 2)
            let vODE = zip(eps, x).map { ($0 - $1) / (1 - t) }
            let v = exact.velocity(xt: x, t: t)
            let error = zip(v, vODE).map { abs($0 - $1) }.max()!
            let size = v.map(abs).max()!
            csv.append([.number(t), .number(error), .number(size)])
            (worst, largest) = (max(worst, error), max(largest, size))
        }
        book.save(
            data: csv, as: "velocity_check",
            caption: "Largest |v* − v_ODE| at each t over 441 grid points and 200 points of q_t, "
                + "beside the largest |v*| there.")
        book.result(
            "linear path, t = 0.05…0.95, 641 points each: largest |v* − v_ODE| = "
                + "\(Format.number(worst, digits: 2)) "
                + "for velocities up to \(Format.number(largest, digits: 3))")
        // The VP path: v* against the probability-flow ODE's drift −½β(t)(x + ∇ log q_t(x)) (Song et al. 2021, eq. 13).
        let vp = MixtureVelocity(mixture: mixture, path: .vp)
        var vpWorst = 0.0
        var vpLargest = 0.0
        for t in times {
            let x = checkPoints(t: t, path: .vp, using: &rng).flattened
            let a = GaussianPath.vp.signalRate(t)
            let b = GaussianPath.vp.noiseRate(t)
            let beta = GaussianPath.vp.beta(t)
            let ideal = IdealDenoiser(mixture: mixture, schedule: NoiseSchedule(betas: [1 - a * a, 0.5]))
            let score = ideal.predictNoise(xt: x, t: 1, dimension: 2).map { -$0 / b }
            let drift = zip(x, score).map { -0.5 * beta * ($0 + $1) }
            let v = vp.velocity(xt: x, t: t)
            vpWorst = max(vpWorst, zip(v, drift).map { abs($0 - $1) }.max()!)
            vpLargest = max(vpLargest, v.map(abs).max()!)
        }
        book.say("""
            On the VP path the same formula must give the probability-flow ODE's drift dx/dt = −½ β(t) (x + ∇ log \
            q_t(x)) (Song et al. 2021, eq. 13), with ∇ log q_t = −ε*/b_t from the same ideal denoiser:
            """)
        book.result(
            "VP path, t = 0.05…0.95: largest |v* − drift| = \(Format.number(vpWorst, digits: 2)) for "
                + "velocities up to "
                + "\(Format.number(vpLargest, digits: 3))")
        monteCarlo(exact, using: &rng)
        drawField(exact)
    }

    /// The second check: v* as the average of u over draws from the exact posterior q(x_0 | x_t).
    func monteCarlo(_ exact: MixtureVelocity, using rng: inout Xoshiro256) {
        let draws = quick ? 2000 : 20000
        let times = [0.1, 0.3, 0.5, 0.7, 0.9]
        book.say("""
            Second, straight from the definition: draw x_0 from the exact posterior q(x_0 | x_t = x) (a component with \
            probability w_k(x), then its Gaussian), set ε = (x − (1 − t) x_0)/t, and average u = ε − x_0. With \
            \(draws) draws at each of 12 points per t, the error should be a few standard errors of the average:
            """)
        var csv = CSVTable(columns: ["t", "max_abs_error", "max_standard_errors"])
        var worstZ = 0.0
        for t in times {
            let points = checkPoints(t: t, path: .linear, using: &rng).suffix(12)
            var maxError = 0.0
            var maxZ = 0.0
            for x in points {
                let (mean, standardError) = exact.posteriorAverage(given: x, t: t, count: draws, using: &rng)
                let gap = mean - exact.velocity(x, t: t)
                let error = SIMD2(abs(gap.x), abs(gap.y))
                maxError = max(maxError, error.max())
                maxZ = max(maxZ, (error / standardError).max())
            }
            csv.append([.number(t), .number(maxError), .number(maxZ)])
            book.result(
                "t = \(Format.number(t, digits: 2)): largest error \(Format.number(maxError, digits: 2)), "
                    + "\(Format.number(maxZ, digits: 2)) standard errors")
            worstZ = max(worstZ, maxZ)
        }
        book.save(
            data: csv, as: "velocity_monte_carlo",
            caption: "Monte Carlo averages of u over the exact posterior against v*: "
                + "the largest error and the largest error in standard errors, over 12 points per t.")
        book.say(
            worstZ < 4.5
                ? "Every error is within \(Format.number(worstZ, digits: 2)) standard errors (120 coordinates; "
                    + "beyond 4.5 would be rare by chance): the closed form is the average."
                : "The largest error is \(Format.number(worstZ, digits: 2)) standard errors: more than chance "
                    + "explains; the closed form is suspect.")
    }

    func drawField(_ exact: MixtureVelocity) {
        let times = [0.9, 0.5, 0.2, 0.05]
        let values = (0..<17).map { -2 + 4 * Double($0) / 16 }
        let grid = values.flatMap { y in values.map { SIMD2($0, y) } }
        var csv = CSVTable(columns: ["t", "x", "y", "vx", "vy"])
        var panels: [Panel] = []
        var rng = Xoshiro256(seed: seed, stream: 3002)
        let x0 = mixture.sample(count: 800, using: &rng)
        for t in times {
            let v = [SIMD2<Double>](flat: exact.velocity(xt: grid.flattened, t: t))
            for (p, w) in zip(grid, v) {
                csv.append([
                    .number(t), .number(p.x), .number(p.y), .number(w.x),
                    .number(w.y),
                ])
            }
            var panel = Panel(title: "t = \(Format.number(t, digits: 2))")
            let xt = x0.map { (1 - t) * $0 + t * SIMD2(rng.gaussian(), rng.gaussian()) }
            panel.scatters = [ScatterLayer(points: xt, color: .lightGray, alpha: 0.6)]
            // Sampling moves against v (t runs down): draw −v, the direction a point moves.
            panel.arrows = [ArrowLayer(origins: grid, vectors: v.map { -$0 }, color: Color.palette[0], scale: 0.06)]
            panel.xRange = -2.2...2.2
            panel.yRange = -2.2...2.2
            panel.equalAspect = true
            panel.showAxes = false
            panels.append(panel)
        }
        var figure = Figure(
            title: "−v*(x, t): where sampling moves a point at x (gray: x_t)", panels: panels,
            columns: 4)
        figure.panelWidth = 300
        figure.panelHeight = 300
        book.save(
            figure, data: csv, as: "velocity_field",
            caption: "The exact marginal velocity on a grid at four t; arrows show −v* (scaled by 0.06), "
                + "the direction of sampling, which runs t down.")
    }
}
