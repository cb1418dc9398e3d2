// Lesson 04 — training the noise predictor. Read the lesson first: `swift run Lesson04`.
// Check your answers: `swift test --filter Lesson04 --disable-swift-testing`.
import Foundation

/// **The KL divergence between two Gaussians with diagonal covariance** (the closed form
/// behind every term L_{t−1} of the variational bound, Ho et al. 2020, eq. 5 and 8). For
/// p = N(μ₁, diag σ₁²) and q = N(μ₂, diag σ₂²), in nats:
/// KL(p ‖ q) = Σ_i ½ (log(σ₂ᵢ²/σ₁ᵢ²) + (σ₁ᵢ² + (μ₁ᵢ − μ₂ᵢ)²)/σ₂ᵢ² − 1).
///
/// - Parameters:
///   - mean1: μ₁, the mean of p (any number of dimensions).
///   - variance1: σ₁², the variance of p in each dimension (variances, not standard deviations).
///   - mean2: μ₂, the mean of q.
///   - variance2: σ₂², the variance of q in each dimension.
/// - Returns: KL(p ‖ q), summed over the dimensions.
/// - Hint: the KL is not symmetric: the variance of q divides. It is 0 when p and q are equal.
public func gaussianKL(mean1: [Double], variance1: [Double], mean2: [Double], variance2: [Double]) throws -> Double {
    throw NotAttempted()
}

/// **The weight of ‖ε − ε̂‖² in the bound** (Ho et al. 2020, eq. 12): with the model's step
/// N(μ_θ, σ_t² I) and both means written with ε (eq. 11), L_{t−1} = C_t + λ_t ‖ε − ε̂‖² with
/// λ_t = β_t² / (2 σ_t² α_t (1 − ᾱ_t)). L_simple (eq. 14) sets λ_t = 1.
///
/// - Parameters:
///   - t: the step, 1…T.
///   - betas: β_1 … β_T; index t − 1 holds β_t.
///   - alphaBars: ᾱ_1 … ᾱ_T; index t − 1 holds ᾱ_t.
///   - reverseVariance: σ_t², the variance of the model's step (β_t or β̃_t).
/// - Returns: λ_t.
/// - Hint: α_t = 1 − β_t is one step's signal share; ᾱ_t is the product of all of them up to t.
public func vlbWeight(t: Int, betas: [Double], alphaBars: [Double], reverseVariance: Double) throws -> Double {
    throw NotAttempted()
}

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

/// **The backward pass of a linear layer** (backpropagation, Rumelhart, Hinton & Williams
/// 1986; every layer of the workbook's networks does this by hand). For y = x W + b over a
/// batch — x is rows × inputs, W is inputs × outputs, b has one value per output — and
/// ∂L/∂y, the gradient of the loss with respect to y:
/// ∂L/∂W = xᵀ ∂L/∂y,  ∂L/∂b = Σ_rows ∂L/∂y,  ∂L/∂x = ∂L/∂y Wᵀ.
///
/// - Parameters:
///   - x: the layer's input, one array per row (rows × inputs).
///   - weights: W, one array per input (inputs × outputs): `weights[k][j]` joins input k to output j.
///   - outputGradient: ∂L/∂y, one array per row (rows × outputs).
/// - Returns: ∂L/∂W (inputs × outputs), ∂L/∂b (outputs values) and ∂L/∂x (rows × inputs).
/// - Hint: every gradient has the shape of what it is the gradient of; write out
///   y[r][j] = Σ_k x[r][k] W[k][j] + b[j] and ask what each term's derivative is.
public func linearBackward(x: [[Double]], weights: [[Double]], outputGradient: [[Double]]) throws
    -> (weightGradient: [[Double]], biasGradient: [Double], inputGradient: [[Double]]) {
    throw NotAttempted()
}

/// **One step of Adam** (Kingma & Ba 2015, Algorithm 1, the body of its loop), the optimizer
/// of the DDPM paper. At step s = 1, 2, … with gradient g, value by value:
/// m ← β₁ m + (1 − β₁) g,  v ← β₂ v + (1 − β₂) g²,
/// m̂ = m/(1 − β₁ˢ),  v̂ = v/(1 − β₂ˢ),  θ ← θ − α m̂/(√v̂ + ε),
/// with β₁ = 0.9, β₂ = 0.999 and ε = 10⁻⁸.
///
/// - Parameters:
///   - theta: θ before the step (any number of parameters).
///   - gradient: g, one value per parameter.
///   - m: the first moment after step s − 1 (zeros before the first step).
///   - v: the second moment after step s − 1 (zeros before the first step).
///   - step: s, 1 for the first step.
///   - learningRate: α.
/// - Returns: θ, m and v after the step (m and v themselves, not m̂ and v̂).
/// - Hint: m and v start at 0, so without the bias correction (m̂, v̂) the first steps are
///   far off; β₁ˢ is `pow(0.9, Double(step))`.
public func adamStep(theta: [Double], gradient: [Double], m: [Double], v: [Double], step: Int,
                     learningRate: Double) throws -> (theta: [Double], m: [Double], v: [Double]) {
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
