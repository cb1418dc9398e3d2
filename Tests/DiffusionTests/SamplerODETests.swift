import XCTest
@testable import Diffusion

/// The probability-flow ODE solvers: grids, Euler = DDIM (η = 0), model calls, and each
/// solver's order on a single Gaussian, where the ODE has a closed-form solution.
final class SamplerODETests: XCTestCase {
    let schedule = NoiseSchedule(.linear, timesteps: 1000)

    /// Counts the calls a solver makes.
    final class Counting: NoisePredictor, @unchecked Sendable {
        let inner: IdealDenoiser
        var calls = 0
        init(_ inner: IdealDenoiser) { self.inner = inner }
        var schedule: NoiseSchedule { inner.schedule }
        func predictNoise(xt: [Double], t: Int, dimension: Int) -> [Double] {
            calls += 1
            return inner.predictNoise(xt: xt, t: t, dimension: dimension)
        }
    }

    func testGrids() {
        XCTAssertEqual(ODETimeGrid.uniform.times(steps: 5, schedule: schedule), [801, 601, 401, 201, 1, 0])
        for grid in [ODETimeGrid.karras(rho: 7), .logSNR] {
            for steps in [2, 5, 10, 50] {
                let times = grid.times(steps: steps, schedule: schedule)
                XCTAssertEqual(times.first, 1000)
                XCTAssertEqual(Array(times.suffix(2)), [1, 0])
                // Near t = 1 two points of a fine grid can round to one step, kept once.
                XCTAssertEqual(times.count, steps + 1, accuracy: steps / 25, "\(grid), \(steps) steps")
                XCTAssertTrue(zip(times, times.dropFirst()).allSatisfy { $0 > $1 })
            }
        }
        // Karras et al. 2022, eq. 5 with N = 5: σ_2 = (σ_max^{1/7} + ½(σ_min^{1/7} − σ_max^{1/7}))^7.
        let top = pow(schedule.odeSigma(1000), 1 / 7.0), bottom = pow(schedule.odeSigma(1), 1 / 7.0)
        XCTAssertEqual(ODETimeGrid.karras(rho: 7).times(steps: 5, schedule: schedule)[2], schedule.nearestStep(sigma: pow((top + bottom) / 2, 7)))
        // Uniform in λ: every step of the log-SNR grid spans nearly the same factor in σ.
        let sigmas = ODETimeGrid.logSNR.times(steps: 10, schedule: schedule).dropLast().map { schedule.odeSigma($0) }
        let ratios = zip(sigmas, sigmas.dropFirst()).map { $0 / $1 }
        XCTAssertLessThan(ratios.max()! / ratios.min()!, 1.1)
    }

    func testEulerIsDDIMWithEtaZeroAndFirstOrderDPMSolverIsToo() throws {
        let ideal = IdealDenoiser(mixture: .ring(), schedule: schedule)
        let xT = NoiseStreams.initialNoise(count: 200, dimension: 2, seed: 4)
        for steps in [1, 7, 50] {
            let ddim = try DDIMSampler(schedule: schedule, steps: steps, eta: 0).run(predictor: ideal, from: xT, dimension: 2, seed: 4).samples
            let euler = EulerSolver(schedule: schedule, steps: steps).solve(predictor: ideal, from: xT, dimension: 2).samples
            let dpm1 = DPMSolverPlusPlus2M(schedule: schedule, steps: steps, grid: .uniform, firstOrderFinalSteps: steps)
                .solve(predictor: ideal, from: xT, dimension: 2).samples
            XCTAssertLessThan(zip(ddim, euler).map { abs($0 - $1) }.max()!, 1e-12, "S = \(steps)")
            XCTAssertLessThan(zip(ddim, dpm1).map { abs($0 - $1) }.max()!, 1e-12, "S = \(steps)")
        }
    }

    func testModelCallsAndTheSameStartingPoints() {
        let ideal = IdealDenoiser(mixture: .ring(), schedule: schedule)
        let solvers: [(any ProbabilityFlowSolver, Int)] = [
            (EulerSolver(schedule: schedule, steps: 10), 10), (HeunSolver(schedule: schedule, steps: 5), 9),
            (HeunSolver(schedule: schedule, times: [500, 200, 20]), 4), (DPMSolverPlusPlus2M(schedule: schedule, steps: 10), 10),
        ]
        for (solver, calls) in solvers {
            let counter = Counting(ideal)
            let run = solver.run(predictor: counter, count: 3, dimension: 2, seed: 8, record: .times(Set(solver.times)))
            XCTAssertEqual(counter.calls, calls)
            XCTAssertEqual(solver.modelCalls, calls)
            XCTAssertEqual(run.trajectory.map(\.t), solver.times)
            if solver.times[0] == 1000 {
                XCTAssertEqual(run.trajectory[0].samples, NoiseStreams.initialNoise(count: 3, dimension: 2, seed: 8), "x_T as DDPM's")
            }
        }
        let dpm = DPMSolverPlusPlus2M(schedule: schedule, steps: 10, grid: .logSNR, firstOrderFinalSteps: 2)
        let weights = (0..<10).map { dpm.extrapolationWeight(step: $0) }
        XCTAssertEqual(weights[0], 0, "the first step has no previous x̂_0")
        XCTAssertEqual(Array(weights.suffix(2)), [0, 0])
        for w in weights[1..<8] { XCTAssertEqual(w, 0.5, accuracy: 0.03, "equal steps in λ: r = 1, weight 1/2") }
    }

    /// The largest error at t_end of a solver on a single Gaussian N(μ, s²), from t_start,
    /// against the exact solution x̄ − μ ∝ √(s² + σ²) of dx̄/dσ = σ (x̄ − μ)/(s² + σ²).
    func error(_ make: ([Int]) -> any ProbabilityFlowSolver, steps: Int, from start: Int = 600, to end: Int = 100) -> Double {
        let mean = SIMD2(0.5, -0.3), s = 0.2
        let ideal = IdealDenoiser(mixture: GaussianMixture(means: [mean], standardDeviation: s), schedule: schedule)
        let times = Array(stride(from: start, through: end, by: -(start - end) / steps))
        let x = [0.9, -1.3, -0.4, 0.8, 2.0, 0.1]
        let out = make(times).solve(predictor: ideal, from: x, dimension: 2, record: .none).samples
        let (a0, a1) = (schedule.alphaBar(start).squareRoot(), schedule.alphaBar(end).squareRoot())
        let shrink = ((s * s + pow(schedule.odeSigma(end), 2)) / (s * s + pow(schedule.odeSigma(start), 2))).squareRoot()
        return x.indices.map { j in
            let m = j % 2 == 0 ? mean.x : mean.y
            let exact = a1 * (m + (x[j] / a0 - m) * shrink)
            return abs(out[j] - exact)
        }.max()!
    }

    func testEachSolverConvergesAtItsOrder() {
        let makers: [(String, ([Int]) -> any ProbabilityFlowSolver, ClosedRange<Double>)] = [
            ("Euler", { EulerSolver(schedule: self.schedule, times: $0) }, 1.8...2.2),
            ("Heun", { HeunSolver(schedule: self.schedule, times: $0) }, 3.6...4.4),
            ("DPM-Solver++(2M)", { DPMSolverPlusPlus2M(schedule: self.schedule, times: $0) }, 3.4...4.6),
        ]
        for (name, make, expectedRatio) in makers {
            let errors = [25, 50, 100].map { error(make, steps: $0) }
            for (coarse, fine) in zip(errors, errors.dropFirst()) {
                XCTAssertTrue(expectedRatio.contains(coarse / fine), "\(name): halving h divides the error by \(coarse / fine) (errors \(errors))")
            }
        }
    }
}
