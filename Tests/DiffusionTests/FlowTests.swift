import XCTest
@testable import Diffusion

/// Lesson 10's math: Gaussian paths, the exact velocity of a mixture, the assignment problem,
/// the flow solvers and flow-matching training.
final class FlowTests: XCTestCase {
    let ring = GaussianMixture.ring()

    func testPathsInterpolateAndDifferentiate() {
        let x0 = [0.7, -0.2], eps = [-1.1, 0.4]
        XCTAssertEqual(GaussianPath.linear.interpolate(x0: x0, noise: eps, t: 0.25), [0.7 * 0.75 - 1.1 * 0.25, -0.2 * 0.75 + 0.4 * 0.25])
        XCTAssertEqual(GaussianPath.linear.conditionalVelocity(x0: x0, noise: eps, t: 0.9), [-1.8, 0.6], accuracy: 1e-15)
        // a′ and b′ against central differences, on both paths.
        for path in [GaussianPath.linear, .vp] {
            for t in [0.1, 0.4, 0.8] {
                let h = 1e-6
                XCTAssertEqual(path.signalRateDerivative(t), (path.signalRate(t + h) - path.signalRate(t - h)) / (2 * h), accuracy: 1e-6)
                XCTAssertEqual(path.noiseRateDerivative(t), (path.noiseRate(t + h) - path.noiseRate(t - h)) / (2 * h), accuracy: 1e-5)
            }
        }
        // The VP path is Ho et al.'s linear schedule in continuous time: a_t² ≈ ᾱ_{1000 t}, within 10%
        // (Σ β against −Σ log(1 − β), and the sum against the integral).
        let schedule = NoiseSchedule(.linear, timesteps: 1000)
        for step in [100, 500, 1000] {
            XCTAssertEqual(pow(GaussianPath.vp.signalRate(Double(step) / 1000), 2) / schedule.alphaBar(step), 1, accuracy: 0.1)
        }
    }

    func testNoiseVelocityAndX0ConvertBothWays() {
        let x = [0.3, -1.4, 2.0], eps = [0.5, 0.1, -0.7]
        for path in [GaussianPath.linear, .vp] {
            for t in [0.05, 0.5, 0.95] {
                let v = path.velocity(fromNoise: eps, xt: x, t: t)
                let back = path.noise(fromVelocity: v, xt: x, t: t)
                for (a, b) in zip(back, eps) { XCTAssertEqual(a, b, accuracy: 1e-10) }
                // x̂_0 from v equals (x − b ε)/a.
                let x0 = path.x0(fromVelocity: v, xt: x, t: t)
                for i in x.indices {
                    XCTAssertEqual(x0[i], (x[i] - path.noiseRate(t) * eps[i]) / path.signalRate(t), accuracy: 1e-9)
                }
            }
        }
        XCTAssertEqual(GaussianPath.linearTime(sigma: 1), 0.5)
        XCTAssertEqual(GaussianPath.linearTime(sigma: .infinity), 1)
    }

    func testExactVelocityIsTheProbabilityFlowDriftOfTheIdealDenoiser() {
        let exact = MixtureVelocity(mixture: ring, path: .linear)
        var rng = Xoshiro256(seed: 3)
        for t in [0.02, 0.3, 0.7, 0.98] {
            let x = (0..<50).flatMap { _ in [2 * rng.gaussian(), 2 * rng.gaussian()] }
            let sigma = t / (1 - t), alphaBar = 1 / (1 + sigma * sigma)
            let ideal = IdealDenoiser(mixture: ring, schedule: NoiseSchedule(betas: [1 - alphaBar, 0.5]))
            let eps = ideal.predictNoise(xt: x.map { alphaBar.squareRoot() * $0 / (1 - t) }, t: 1, dimension: 2)
            let v = exact.velocity(xt: x, t: t)
            for i in x.indices { XCTAssertEqual(v[i], (eps[i] - x[i]) / (1 - t), accuracy: 1e-10) }
            // The batch form and the one-point form agree.
            let first = exact.velocity(SIMD2(x[0], x[1]), t: t)
            XCTAssertEqual(first.x, v[0], accuracy: 1e-12)
            XCTAssertEqual(first.y, v[1], accuracy: 1e-12)
        }
    }

    func testExactVelocityIsThePosteriorAverageOfU() {
        let exact = MixtureVelocity(mixture: ring, path: .vp)
        var rng = Xoshiro256(seed: 4)
        let path = GaussianPath.vp
        for (x, t) in [(SIMD2(0.4, 0.3), 0.2), (SIMD2(-0.8, 0.1), 0.5)] {
            let n = 40_000
            let x0s = exact.posteriorSamples(given: x, t: t, count: n, using: &rng)
            let us = x0s.map { x0 in path.signalRateDerivative(t) * x0 + path.noiseRateDerivative(t) * (x - path.signalRate(t) * x0) / path.noiseRate(t) }
            let mean = us.reduce(SIMD2<Double>(0, 0), +) / Double(n)
            let spread = us.reduce(SIMD2<Double>(0, 0)) { $0 + ($1 - mean) * ($1 - mean) } / Double(n - 1)
            let standardError = (spread / Double(n)).squareRoot()
            let v = exact.velocity(x, t: t)
            XCTAssertLessThan(abs(mean.x - v.x), 4.5 * standardError.x)
            XCTAssertLessThan(abs(mean.y - v.y), 4.5 * standardError.y)
        }
    }

    func testAssignmentIsOptimalAgainstEveryPermutation() {
        func permutations(_ n: Int) -> [[Int]] {
            guard n > 0 else { return [[]] }
            return permutations(n - 1).flatMap { p in (0...p.count).map { i in var q = p; q.insert(n - 1, at: i); return q } }
        }
        var rng = Xoshiro256(seed: 5)
        for n in 1...7 {
            for _ in 0..<5 {
                let cost = (0..<(n * n)).map { _ in (rng.uniform() * 10).rounded() }   // ties included
                let found = optimalAssignment(cost: cost, n: n)
                XCTAssertEqual(Set(found), Set(0..<n), "a permutation")
                let total = { (p: [Int]) in p.enumerated().reduce(0.0) { $0 + cost[$1.offset * n + $1.element] } }
                let best = permutations(n).map(total).min()!
                XCTAssertEqual(total(found), best, accuracy: 1e-9)
            }
        }
        // Minibatch OT keeps every source once and lowers the transport cost.
        let sources = (0..<300).map { _ in SIMD2(rng.gaussian(), rng.gaussian()) }
        let targets = ring.sample(count: 300, using: &rng)
        let paired = minibatchOptimalTransport(sources: sources, targets: targets, batch: 64)
        XCTAssertEqual(Set(paired.map { [$0.x, $0.y] }), Set(sources.map { [$0.x, $0.y] }))
        func cost(_ a: [SIMD2<Double>]) -> Double { zip(a, targets).reduce(0) { $0 + (($1.0 - $1.1) * ($1.0 - $1.1)).sum() } }
        XCTAssertLessThan(cost(paired), 0.5 * cost(sources))
    }

    struct ConstantField: VelocityField {
        let v: [Double]
        func velocity(xt: [Double], t: Double, dimension: Int) -> [Double] { (0..<xt.count).map { v[$0 % v.count] } }
    }

    struct LinearInTime: VelocityField {
        func velocity(xt: [Double], t: Double, dimension: Int) -> [Double] { xt.map { _ in 2 * t } }
    }

    func testSolversAndStraightness() {
        let start = [1.0, -2.0, 0.5, 0.5]
        // A constant field: one Euler step is exact, and the flow is perfectly straight.
        let constant = ConstantField(v: [0.3, -0.6])
        let one = FlowSolver(method: .euler, steps: 1).solve(constant, from: start, dimension: 2).samples
        XCTAssertEqual(one, [0.7, -1.4, 0.2, 1.1].enumerated().map { $0.element }, accuracy: 1e-12)
        XCTAssertEqual(straightness(constant, from: start, dimension: 2, steps: 10).straightness, 0, accuracy: 1e-24)
        // v = 2t: x(0) = x(1) − 1 exactly; Heun (the trapezoid rule) is exact, Euler is not.
        let heun = FlowSolver(method: .heun, steps: 3).solve(LinearInTime(), from: start, dimension: 2).samples
        XCTAssertEqual(heun, start.map { $0 - 1 }, accuracy: 1e-12)
        let euler = FlowSolver(method: .euler, steps: 4).solve(LinearInTime(), from: start, dimension: 2).samples
        XCTAssertEqual(euler[0], 1 - 2 * (1 + 0.75 + 0.5 + 0.25) / 4, accuracy: 1e-12)
        // Its speed changes along the path: straightness ∫(1 − 2t)² dt = 1/3 per value, Euler's estimate close.
        XCTAssertEqual(straightness(LinearInTime(), from: start, dimension: 2, steps: 1000).straightness, 2.0 / 3, accuracy: 5e-3)
        XCTAssertEqual(FlowSolver(method: .heun, steps: 5).modelCalls, 10)
        XCTAssertEqual(FlowSolver.steps(for: .heun, calls: 5), 2)
    }

    func testEulerOnTheLinearPathIsDDIM() throws {
        let schedule = NoiseSchedule(.linear, timesteps: 1000)
        let ideal = IdealDenoiser(mixture: ring, schedule: schedule)
        let field = NoisePredictorVelocity(ideal)
        let xT = NoiseStreams.initialNoise(count: 50, dimension: 2, seed: 9)
        for steps in [3, 10] {
            let ddim = try DDIMSampler(schedule: schedule, steps: steps, eta: 0).run(predictor: ideal, from: xT, dimension: 2, seed: 9).samples
            let grid = ODETimeGrid.uniform.times(steps: steps, schedule: schedule)
            let times = grid.map { $0 == 0 ? 0 : GaussianPath.linearTime(sigma: schedule.odeSigma($0)) }
            let start = xT.map { (1 - times[0]) * $0 / schedule.alphaBar(grid[0]).squareRoot() }
            let flow = FlowSolver(method: .euler, times: times).solve(field, from: start, dimension: 2).samples
            for (a, b) in zip(ddim, flow) { XCTAssertEqual(a, b, accuracy: 1e-10) }
        }
    }

    func testContinuousTimeEmbeddingMatchesTheTableAtWholeSteps() {
        let network = ResidualNetwork(width: 16, depth: 2, embeddingDimension: 8, timesteps: 100, timeInEveryBlock: true)
        var rng = Xoshiro256(seed: 2)
        var parameters = [Float](repeating: 0, count: network.parameterCount)
        parameters.withUnsafeMutableBufferPointer { network.initialize($0.baseAddress!, using: &rng) }
        let points: [Float] = [0.3, -0.2, 1.1, 0.5], steps: [Int32] = [7, 93], scaled: [Float] = [7, 93]
        let workspace = [Float](repeating: 0, count: network.workspaceCount(capacity: 2, training: false))
        func run(continuous: Bool) -> [Float] {
            var w = workspace
            return w.withUnsafeMutableBufferPointer { w in
                points.withUnsafeBufferPointer { p in
                    steps.withUnsafeBufferPointer { s in
                        scaled.withUnsafeBufferPointer { c in
                            let input = NetworkInput(points: p.baseAddress!, times: s.baseAddress!, rows: 2,
                                                     scaledTimes: continuous ? c.baseAddress! : nil)
                            let out = parameters.withUnsafeBufferPointer {
                                network.forward(input, parameters: $0.baseAddress!, workspace: w.baseAddress!, capacity: 2, training: false)
                            }
                            return Array(UnsafeBufferPointer(start: out, count: 4))
                        }
                    }
                }
            }
        }
        XCTAssertEqual(run(continuous: true), run(continuous: false))
    }

    func testFlowMatchingTrainsAndRepeats() throws {
        var configuration = TrainingConfiguration(model: .residual, width: 32, depth: 2, timeEmbeddingDimension: 16,
                                                  schedule: NoiseSchedule(.linear, timesteps: 1000), steps: 300, batchSize: 128,
                                                  learningRate: 2e-3, emaDecay: 0.9, clipNorm: 1, seed: 1, threads: 2)
        var rng = Xoshiro256(seed: 6)
        let data = ring.sample(count: 2000, using: &rng).flattened
        let first = try Trainer(configuration: configuration, samples: data, flow: FlowMatching(source: .gaussian))
        var losses: [Double] = []
        try first.train { _, loss in losses.append(loss) }
        XCTAssertLessThan(Moments.mean(Array(losses.suffix(50))), Moments.mean(Array(losses.prefix(20))))
        // Against the exact field at t = 0.5, the trained network is far closer than v = 0.
        let exact = MixtureVelocity(mixture: ring, path: .linear)
        let x = GaussianPath.linear.interpolate(x0: Array(data.prefix(400)), noise: rng.gaussians(400), t: 0.5)
        let truth = exact.velocity(xt: x, t: 0.5), learned = first.velocityModel.velocity(xt: x, t: 0.5, dimension: 2)
        XCTAssertLessThan(rmsDistance(learned, truth, dimension: 2), 0.5 * rmsDistance([Double](repeating: 0, count: 400), truth, dimension: 2))
        // The same seed repeats the same weights.
        let second = try Trainer(configuration: configuration, samples: data, flow: FlowMatching(source: .gaussian))
        try second.train()
        XCTAssertEqual(second.velocityModel.weights.parameters, first.velocityModel.weights.parameters)
        // Paired data needs 4 values per row; a tutorial network cannot train by flow matching.
        XCTAssertThrowsError(try Trainer(configuration: configuration, samples: [1, 2, 3, 4, 5, 6], flow: FlowMatching(source: .paired)))
        configuration.model = .tutorial
        configuration.width = 16
        XCTAssertThrowsError(try Trainer(configuration: configuration, samples: data, flow: FlowMatching(source: .gaussian)))
    }
}

private func XCTAssertEqual(_ a: [Double], _ b: [Double], accuracy: Double, file: StaticString = #filePath, line: UInt = #line) {
    XCTAssertEqual(a.count, b.count, file: file, line: line)
    for (x, y) in zip(a, b) { XCTAssertEqual(x, y, accuracy: accuracy, file: file, line: line) }
}
