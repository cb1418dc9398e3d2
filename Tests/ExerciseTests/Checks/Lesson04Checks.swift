@testable import Diffusion
import Foundation

// Checks for Lesson 04 (training). Expected values come from the Diffusion module: its loss
// kinds and, through `@testable`, the Adam optimizer the trainer runs (in Float).

typealias SimpleLoss = (_ x0: [[Double]], _ t: [Int], _ noise: [[Double]], _ alphaBars: [Double],
                        _ epsTheta: ([Double], Int) -> [Double]) throws -> Double
typealias HuberLoss = (_ epsHat: [Double], _ eps: [Double]) throws -> Double
typealias AdamSteps = (_ theta: [Double], _ gradients: [[Double]], _ learningRate: Double) throws -> [Double]

/// Ho et al. 2020, eq. 14 for one batch, averaged over every value (as `LossKind.l2.mean`).
func checkSimpleLoss(_ simpleLoss: SimpleLoss) -> CheckResult {
    evaluate("simpleLoss") {
        let fixture = ScheduleFixture.small, schedule = fixture.schedule
        /// A stand-in for the network that depends on x_t and t, so both must be right.
        func epsTheta(_ x: [Double], _ t: Int) -> [Double] { x.map { 0.3 * $0 + 0.02 * Double(t) } }
        let batches: [(x0: [[Double]], t: [Int], noise: [[Double]])] = [
            ([[1.0, -0.5], [2.0, 0.3], [-1.2, 0.8]], [5, 3, 7], [[0.3, -1.2], [0.7, -0.4], [0.9, 1.1]]),
            ([[0.5, 1.5], [-0.7, 0.2]], [1, fixture.timesteps], [[-0.2, 0.6], [1.4, -0.9]]),
        ]
        for (x0, t, noise) in batches {
            let samples = x0.indices, values = Double(x0.joined().count)
            /// x_t of sample i with ᾱ replaced by `alphaBar(t_i)` and the rates by `rate(·)`.
            func noised(_ i: Int, alphaBar: (Int) -> Double = schedule.alphaBar, rate: (Double) -> Double = { $0.squareRoot() }) -> [Double] {
                let a = alphaBar(t[i])
                return each(x0[i], noise[i]) { rate(a) * $0 + rate(1 - a) * $1 }
            }
            /// The mean of ℓ(prediction − target) over every value.
            func mean(_ predictions: [[Double]], _ targets: [[Double]] = noise, _ loss: (Double) -> Double = { $0 * $0 }) -> Double {
                zip(predictions.joined(), targets.joined()).reduce(0) { $0 + loss($1.0 - $1.1) } / values
            }
            let predictions = samples.map { epsTheta(schedule.qSample(x0: x0[$0], t: t[$0], noise: noise[$0]), t[$0]) }
            let expected = LossKind.l2.mean(prediction: Array(predictions.joined()), noise: Array(noise.joined()))
            func shifted(_ shift: Int) -> Double? {
                guard t.allSatisfy({ (0...fixture.timesteps).contains($0 + shift) }) else { return nil }
                return mean(samples.map { epsTheta(noised($0) { schedule.alphaBar($0 + shift) }, t[$0]) })
            }
            var asked: [Int] = []
            let got = try simpleLoss(x0, t, noise, schedule.alphaBars) { x, s in asked.append(s); return epsTheta(x, s) }
            try expect("simpleLoss(x0: \(x0), t: \(t), noise: \(noise), \(fixture.alphaBars), epsTheta: { xt, t in 0.3 xt + 0.02 t })",
                       got: got, expected: expected,
                       diagnoses: [
                           Diagnosis("your code asked epsTheta at t = \(asked); ask it once per sample, at that sample's own "
                                     + "step t = \(t).", asked == t ? nil : got),
                           Diagnosis("the network sees the noised x_t = √ᾱ_t x_0 + √(1 − ᾱ_t) ε, not x_0.",
                                     mean(samples.map { epsTheta(x0[$0], t[$0]) })),
                           Diagnosis("the network predicts ε: compare ε_θ with the noise ε, not with x_0.", mean(predictions, x0)),
                           Diagnosis("average over every value: divide the sum by the number of values "
                                     + "(\(x0.count) samples × \(x0[0].count) values = \(Int(values))).", expected * values),
                           Diagnosis("that is the mean over samples of ‖ε − ε_θ‖²: the workbook (like PyTorch's .mean()) "
                                     + "also averages over the values of each sample.", expected * values / Double(x0.count)),
                           Diagnosis("square the differences: the mean of |ε − ε_θ| is the L1 loss.", mean(predictions, noise, abs)),
                           Diagnosis("no square root: L_simple is the mean squared error itself.", expected.squareRoot()),
                           Diagnosis(missingSquareRoot + " Here: x_t = √ᾱ_t x_0 + √(1 − ᾱ_t) ε.",
                                     mean(samples.map { epsTheta(noised($0, rate: { $0 }), t[$0]) })),
                           Diagnosis(Diagnosis.offByOneHint(1), shifted(1)),
                           Diagnosis(Diagnosis.offByOneHint(-1), shifted(-1)),
                       ],
                       hint: "for each sample i, x_t = √ᾱ_{t_i} x_0 + √(1 − ᾱ_{t_i}) ε with ᾱ_{t_i} = alphaBars[t[i] - 1]; "
                           + "L_simple = the mean over all values of (ε − epsTheta(x_t, t_i))².")
        }
    }
}

/// Huber 1964 with δ = 1 (PyTorch's smooth L1), as `LossKind.huber.mean`.
func checkHuberLoss(_ huberLoss: HuberLoss) -> CheckResult {
    evaluate("huberLoss") {
        let cases: [([Double], [Double])] = [
            ([0.3, -1.2, 2.5, 0.9, -0.1], [0.1, 0.4, 0.5, 1.2, -0.3]),
            ([0.3, -0.2, 0.6], [0.1, 0.4, -0.1]),
            ([3.0, -2.0], [0.5, 1.5]),
        ]
        for (epsHat, eps) in cases {
            let d = each(epsHat, eps, -)
            func mean(_ loss: (Double) -> Double) -> Double { d.map(loss).reduce(0, +) / Double(d.count) }
            let expected = LossKind.huber.mean(prediction: epsHat, noise: eps)
            try expect("huberLoss(epsHat: \(epsHat), eps: \(eps))", got: try huberLoss(epsHat, eps), expected: expected,
                       diagnoses: [
                           Diagnosis("the quadratic piece is d²/2: the half makes both pieces meet at |d| = 1 with slope ±1.",
                                     mean { abs($0) < 1 ? $0 * $0 : abs($0) - 0.5 }),
                           Diagnosis("the linear piece is |d| − 1/2, so it meets d²/2 at |d| = 1.",
                                     mean { abs($0) < 1 ? $0 * $0 / 2 : abs($0) }),
                           Diagnosis("compare |d| with 1, not d: a large negative d is on the linear piece too.",
                                     mean { $0 < 1 ? $0 * $0 / 2 : $0 - 0.5 }),
                           Diagnosis("that is the squared error (over 2) everywhere: beyond |d| = 1 the loss is |d| − 1/2.",
                                     mean { $0 * $0 / 2 }),
                           Diagnosis("average over the values: divide the sum by their number, \(d.count).", expected * Double(d.count)),
                       ],
                       hint: "with d = ε̂ − ε value by value, ℓ(d) = d²/2 where |d| < 1 and |d| − 1/2 elsewhere; return the mean of ℓ.")
        }
    }
}

/// Kingma & Ba 2015, Algorithm 1, as the trainer's `Adam` runs it. The module works in
/// Float, so answers agree to 10⁻⁵ relative (every mistake below moves θ by far more).
func checkAdam(_ adam: AdamSteps) -> CheckResult {
    evaluate("adam") {
        let cases: [([Double], [[Double]], Double)] = [
            ([0.5, -1.0, 2.0], [[0.2, -0.5, 1.0], [0.1, -0.4, -2.0], [0.3, 0.0, 0.5]], 0.1),
            ([0.5, -1.0, 2.0], [[0.2, -0.5, 1.0]], 0.1),
            ([1.5, 0.25], [[1.0, -3.0], [0.5, 2.0], [-0.2, 1.0], [0.4, 0.4], [1.0, -1.0]], 0.01),
        ]
        for (theta, gradients, rate) in cases {
            /// Algorithm 1 in Double with its pieces replaceable, for the usual mistakes.
            func run(beta1: Double = 0.9, beta2: Double = 0.999, sign: Double = -1,
                     correction: (_ beta: Double, _ s: Int) -> Double = { 1 - pow($0, Double($1)) }) -> [Double] {
                var theta = theta, m = theta.map { _ in 0.0 }, v = m
                for (s, g) in zip(1..., gradients) {
                    for i in theta.indices {
                        m[i] = beta1 * m[i] + (1 - beta1) * g[i]
                        v[i] = beta2 * v[i] + (1 - beta2) * g[i] * g[i]
                        let mHat = m[i] / correction(beta1, s), vHat = v[i] / correction(beta2, s)
                        theta[i] += sign * rate * mHat / (vHat.squareRoot() + 1e-8)
                    }
                }
                return theta
            }
            try expect("adam(theta: \(theta), gradients: \(gradients), learningRate: \(rate))",
                       got: try adam(theta, gradients, rate),
                       expected: moduleAdam(theta: theta, gradients: gradients, learningRate: rate),
                       diagnoses: [
                           Diagnosis("bias correction: divide m by 1 − β₁ˢ and v by 1 − β₂ˢ (m̂ and v̂); m and v start at 0, "
                                     + "so without it the first steps are far off.", run { _, _ in 1 }),
                           Diagnosis("1 − β₁ˢ and 1 − β₂ˢ: β to the power of the step number s, which counts 1, 2, 3, … "
                                     + "over the gradients.", run { beta, _ in 1 - beta }),
                           Diagnosis("t off by one: the first step has s = 1, so its corrections are 1 − β₁ and 1 − β₂.",
                                     run { beta, s in 1 - pow(beta, Double(s + 1)) }),
                           Diagnosis("step against the gradient: θ ← θ − α m̂/(√v̂ + ε).", run(sign: 1)),
                           Diagnosis("β₁ = 0.9 belongs to m (the mean of g), β₂ = 0.999 to v (the mean of g²).",
                                     run(beta1: 0.999, beta2: 0.9)),
                           Diagnosis("that is plain gradient descent, θ − α g: Adam divides the running mean m̂ by √v̂.",
                                     gradients.reduce(theta) { theta, g in each(theta, g) { $0 - rate * $1 } }),
                       ],
                       hint: "m ← 0.9 m + 0.1 g, v ← 0.999 v + 0.001 g², m̂ = m/(1 − 0.9ˢ), v̂ = v/(1 − 0.999ˢ), "
                           + "θ ← θ − α m̂/(√v̂ + 10⁻⁸), for s = 1, 2, … and every value.",
                       tolerance: 1e-5)
        }
    }
}

/// The trainer's optimizer run over `gradients` from m = v = 0.
func moduleAdam(theta: [Double], gradients: [[Double]], learningRate: Double) -> [Double] {
    let optimizer = Adam(parameterCount: theta.count)
    let parameters = FloatBuffer(theta.map { Float($0) })
    for g in gradients {
        let gradient = FloatBuffer(g.map { Float($0) })
        optimizer.update(parameters: parameters.pointer, gradient: gradient.pointer, gradientScale: 1, learningRate: learningRate)
    }
    return parameters.array.map { Double($0) }
}
