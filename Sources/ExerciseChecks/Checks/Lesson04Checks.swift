@_spi(ExerciseChecks) import Diffusion
import Foundation

// Checks for Lesson 04 (training). Expected values come from the Diffusion module: its loss
// kinds and, through `TrainerProbes`, the linear layer and the Adam optimizer the trainer runs
// (in Float, so those two checks accept answers within 10⁻⁴ relative).

public typealias SimpleLoss = (_ x0: [[Double]], _ t: [Int], _ noise: [[Double]], _ alphaBars: [Double],
                        _ epsTheta: ([Double], Int) -> [Double]) throws -> Double
public typealias HuberLoss = (_ epsHat: [Double], _ eps: [Double]) throws -> Double
public typealias LinearBackward = (_ x: [[Double]], _ weights: [[Double]], _ outputGradient: [[Double]]) throws
    -> (weightGradient: [[Double]], biasGradient: [Double], inputGradient: [[Double]])
public typealias AdamStep = (_ theta: [Double], _ gradient: [Double], _ m: [Double], _ v: [Double], _ step: Int, _ learningRate: Double) throws
    -> (theta: [Double], m: [Double], v: [Double])

/// How closely answers must match a reference the module computes in Float: 10⁻⁴ relative.
/// Float's 1 − 0.999 alone is 1.3 × 10⁻⁵ off; every mistake the checks name is off by far more.
let floatTolerance = 1e-4

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
            let call = "simpleLoss(x0: \(x0), t: \(t), noise: \(noise), \(fixture.alphaBars), epsTheta: { xt, t in 0.3 xt + 0.02 t })"
            announceCase(call)
            let got = try simpleLoss(x0, t, noise, schedule.alphaBars) { x, s in
                if asked.count < 1000 { asked.append(s) }  // bounded: a loop that never ends must not fill the memory
                return epsTheta(x, s)
            }
            try expect(call,
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

/// The backward pass of y = x W + b, as the networks' `Linear.backward` computes it.
func checkLinearBackward(_ linearBackward: LinearBackward) -> CheckResult {
    evaluate("linearBackward") {
        // 3 rows, 2 inputs, 4 outputs: no two shapes agree, so a transposed answer shows.
        let cases: [(x: [[Double]], weights: [[Double]], dy: [[Double]])] = [
            ([[1.0, -2.0], [0.5, 3.0], [-1.5, 0.25]],
             [[0.5, -1.0, 2.0, 0.25], [1.5, 0.75, -0.5, -2.0]],
             [[0.25, -1.0, 0.5, 2.0], [-0.75, 0.5, 1.0, -0.25], [1.0, 0.25, -2.0, 0.5]]),
            ([[2.0, -1.0]], [[1.0, 0.5, -0.25, 0.75], [-1.5, 2.0, 0.5, 1.0]], [[0.5, -0.25, 1.0, -1.0]]),
        ]
        for (x, weights, dy) in cases {
            let rows = Double(x.count)
            let expected = TrainerProbes.linearBackward(x: x, weights: weights, outputGradient: dy)
            let call = "linearBackward(x: \(x), weights: \(weights), outputGradient: \(dy))"
            announceCase(call)
            let got = try linearBackward(x, weights, dy)
            let dW = Array(expected.weightGradient.joined()), db = expected.biasGradient
            let dividedByRows = "the gradient of a sum over the batch adds up the rows: do not divide by their number "
                + "(∂L/∂y already carries any averaging of the loss)."
            try expectMatrix(call + ".weightGradient", got: got.weightGradient, expected: expected.weightGradient,
                             diagnoses: [Diagnosis(dividedByRows, dW.map { $0 / rows })],
                             hint: "∂L/∂W[k][j] = Σ_r x[r][k] · ∂L/∂y[r][j] (that is xᵀ ∂L/∂y): one array per input, one value per output.",
                             transposedHint: "transposed: ∂L/∂W has the shape of W, one array per input (∂L/∂W = xᵀ ∂L/∂y, not ∂L/∂yᵀ x).",
                             tolerance: floatTolerance)
            try expect(call + ".biasGradient", got: got.biasGradient, expected: db,
                       diagnoses: [Diagnosis("sum ∂L/∂y over the rows, not the mean: " + dividedByRows, db.map { $0 / rows })],
                       hint: "∂L/∂b[j] = Σ_r ∂L/∂y[r][j]: b is added to every row, so its gradient sums the rows; one value per output.",
                       tolerance: floatTolerance)
            try expectMatrix(call + ".inputGradient", got: got.inputGradient, expected: expected.inputGradient,
                             hint: "∂L/∂x[r][k] = Σ_j ∂L/∂y[r][j] · W[k][j] (that is ∂L/∂y Wᵀ): one array per row, one value per input.",
                             transposedHint: "transposed: ∂L/∂x has the shape of x, one array per row.",
                             tolerance: floatTolerance)
        }
    }
}

/// Kingma & Ba 2015, Algorithm 1, one iteration, as the trainer's `Adam` runs it (in Float).
func checkAdamStep(_ adamStep: AdamStep) -> CheckResult {
    evaluate("adamStep") {
        let cases: [(theta: [Double], g: [Double], m: [Double], v: [Double], s: Int, rate: Double)] = [
            ([0.5, -1.0, 2.0], [0.2, -0.5, 1.0], [0, 0, 0], [0, 0, 0], 1, 0.1),
            ([0.5, -1.0, 2.0], [0.1, -0.4, -2.0], [0.05, -0.1, 0.3], [0.001, 0.002, 0.004], 3, 0.1),
            ([1.5, 0.25], [0.4, -0.3], [0.2, -0.05], [0.01, 0.02], 50, 0.01),
        ]
        for (theta, g, m0, v0, s, rate) in cases {
            /// The iteration in Double with its pieces replaceable, for the usual mistakes.
            func run(beta1: Double = 0.9, beta2: Double = 0.999, sign: Double = -1, oldMoments: Bool = false,
                     correction: (_ beta: Double, _ s: Int) -> Double = { 1 - pow($0, Double($1)) }) -> [Double] {
                theta.indices.map { i in
                    let m = beta1 * m0[i] + (1 - beta1) * g[i], v = beta2 * v0[i] + (1 - beta2) * g[i] * g[i]
                    let (mUsed, vUsed) = oldMoments ? (m0[i], v0[i]) : (m, v)
                    return theta[i] + sign * rate * (mUsed / correction(beta1, s)) / ((vUsed / correction(beta2, s)).squareRoot() + 1e-8)
                }
            }
            let expected = TrainerProbes.adamStep(theta: theta, gradient: g, m: m0, v: v0, step: s, learningRate: rate)
            let call = "adamStep(theta: \(theta), gradient: \(g), m: \(m0), v: \(v0), step: \(s), learningRate: \(rate))"
            announceCase(call)
            let got = try adamStep(theta, g, m0, v0, s, rate)
            let swapped = "β₁ = 0.9 belongs to m (the mean of g), β₂ = 0.999 to v (the mean of g²)."
            try expect(call + ".theta", got: got.theta, expected: expected.theta,
                       diagnoses: [
                           Diagnosis("bias correction: divide m by 1 − β₁ˢ and v by 1 − β₂ˢ (m̂ and v̂); m and v start at 0, "
                                     + "so without it the first steps are far off.", run { _, _ in 1 }),
                           Diagnosis("1 − β₁ˢ and 1 − β₂ˢ: β to the power of the step number s.", s > 1 ? run { beta, _ in 1 - beta } : nil),
                           Diagnosis(Diagnosis.offByOneHint(1) + " Here: the corrections use s itself.", run { beta, s in 1 - pow(beta, Double(s + 1)) }),
                           Diagnosis(Diagnosis.offByOneHint(-1) + " Here: the corrections use s itself.",
                                     s > 1 ? run { beta, s in 1 - pow(beta, Double(s - 1)) } : nil),
                           Diagnosis("update m and v with g first, then step θ with the new m̂ and v̂.", run(oldMoments: true)),
                           Diagnosis("step against the gradient: θ ← θ − α m̂/(√v̂ + ε).", run(sign: 1)),
                           Diagnosis(swapped, run(beta1: 0.999, beta2: 0.9)),
                           Diagnosis("that is plain gradient descent, θ − α g: Adam divides the running mean m̂ by √v̂.",
                                     each(theta, g) { $0 - rate * $1 }),
                       ],
                       hint: "m ← 0.9 m + 0.1 g, v ← 0.999 v + 0.001 g², m̂ = m/(1 − 0.9ˢ), v̂ = v/(1 − 0.999ˢ), "
                           + "θ ← θ − α m̂/(√v̂ + 10⁻⁸), value by value.",
                       tolerance: floatTolerance)
            try expect(call + ".m", got: got.m, expected: expected.m,
                       diagnoses: [
                           Diagnosis("return m itself, not m̂: the bias correction is recomputed from s at every step.",
                                     expected.m.map { $0 / (1 - pow(0.9, Double(s))) }),
                           Diagnosis(swapped, each(m0, g) { 0.999 * $0 + 0.001 * $1 }),
                       ],
                       hint: "m ← β₁ m + (1 − β₁) g with β₁ = 0.9.", tolerance: floatTolerance)
            try expect(call + ".v", got: got.v, expected: expected.v,
                       diagnoses: [
                           Diagnosis("v averages g², the squared gradient.", each(v0, g) { 0.999 * $0 + 0.001 * $1 }),
                           Diagnosis("return v itself, not v̂: the bias correction is recomputed from s at every step.",
                                     expected.v.map { $0 / (1 - pow(0.999, Double(s))) }),
                           Diagnosis(swapped, each(v0, g) { 0.9 * $0 + 0.1 * $1 * $1 }),
                       ],
                       hint: "v ← β₂ v + (1 − β₂) g² with β₂ = 0.999.", tolerance: floatTolerance)
        }
    }
}

