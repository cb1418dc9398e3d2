// Lesson 04 — training the noise predictor. Read the lesson first: `swift run Lesson04`.
// Check your answers: `swift test --filter Lesson04`.
import Foundation

/// **L_simple for one batch** (Ho et al. 2020, eq. 14; Algorithm 1, lines 2–5):
/// L_simple = E ‖ε − ε_θ(√ᾱ_t x_0 + √(1 − ᾱ_t) ε, t)‖², with the expectation taken over the
/// batch and, like PyTorch's `.mean()` and the workbook's trainer, over every value of it.
///
/// - Parameters:
///   - x0: the batch, one array per sample.
///   - t: one step per sample, each 1…T.
///   - noise: ε, one array per sample, as long as that sample.
///   - alphaBars: ᾱ_1 … ᾱ_T; index t − 1 holds ᾱ_t.
///   - epsTheta: the network: `epsTheta(xt, t)` is ε_θ(x_t, t) for one sample x_t at step t.
/// - Returns: the mean of (ε − ε_θ)² over every value of every sample.
/// - Hint: noise each sample at its own step (your `qSample` from Lesson 02), ask the network,
///   then average the squared differences.
public func simpleLoss(x0: [[Double]], t: [Int], noise: [[Double]], alphaBars: [Double],
                       epsTheta: (_ xt: [Double], _ t: Int) -> [Double]) throws -> Double {
    throw NotAttempted()
}

/// **The Huber loss** (Huber 1964, with δ = 1; PyTorch's smooth L1), a robust alternative to
/// the squared error of L_simple: with d = ε̂ − ε,
/// ℓ(d) = d²/2 where |d| < 1, and ℓ(d) = |d| − 1/2 elsewhere,
/// so large errors pull linearly instead of quadratically.
///
/// - Parameters:
///   - epsHat: ε̂, the network's predictions (any number of values).
///   - eps: ε, the true noise, one value per value of `epsHat`.
/// - Returns: the mean of ℓ(ε̂ − ε) over all values.
/// - Hint: the two pieces meet at |d| = 1 with the same value (1/2) and the same slope (±1).
public func huberLoss(epsHat: [Double], eps: [Double]) throws -> Double {
    throw NotAttempted()
}

/// **Adam** (Kingma & Ba 2015, Algorithm 1), the optimizer of the DDPM paper. Start from
/// m = v = 0 and, for the steps s = 1, 2, … with gradient g = gradients[s − 1]:
/// m ← β₁ m + (1 − β₁) g,  v ← β₂ v + (1 − β₂) g²,
/// m̂ = m/(1 − β₁ˢ),  v̂ = v/(1 − β₂ˢ),  θ ← θ − α m̂/(√v̂ + ε),
/// value by value, with β₁ = 0.9, β₂ = 0.999 and ε = 10⁻⁸.
///
/// - Parameters:
///   - theta: θ at the start (any number of parameters).
///   - gradients: one gradient per step, each as long as `theta`.
///   - learningRate: α.
/// - Returns: θ after all the steps.
/// - Hint: m and v start at 0, so without the bias correction (m̂, v̂) the first steps are
///   far off; β₁ˢ is `pow(0.9, Double(s))`.
public func adam(theta: [Double], gradients: [[Double]], learningRate: Double) throws -> [Double] {
    throw NotAttempted()
}
