// Lesson 08 — ε is a score; Langevin dynamics; the probability-flow ODE. Read the lesson first:
// `swift run Lesson08`. Check your answers: `swift test --filter Lesson08 --disable-swift-testing`.
import Foundation

/// **The score a noise prediction implies** (Song et al. 2021, "Score-Based Generative
/// Modeling through SDEs", eq. 7 with the VP kernel; Ho et al. 2020, §3.2):
/// ∇ log q_t(x_t) = −ε̂(x_t, t)/√(1 − ᾱ_t).
///
/// - Parameters:
///   - eps: ε̂(x_t, t), any number of values.
///   - t: the step, 1…T.
///   - alphaBars: ᾱ_1 … ᾱ_T; index t − 1 holds ᾱ_t.
/// - Returns: the score, one value per value of `eps`.
/// - Hint: ε points from the data toward x_t, so the score (uphill in density) points the other way.
public func scoreFromEps(eps: [Double], t: Int, alphaBars: [Double]) throws -> [Double] {
    throw NotAttempted()
}

/// **One Langevin step** (Song & Ermon 2019, Algorithm 1, line 6):
/// x ← x + (α/2) ∇ log p(x) + √α z.
///
/// - Parameters:
///   - x: the current point, any number of values.
///   - score: ∇ log p(x), one value per value of `x`.
///   - stepSize: α > 0.
///   - noise: z ~ N(0, I), one value per value of `x`.
/// - Returns: the next point.
/// - Hint: the drift is half the step size times the score; the noise is scaled by √α, not α.
public func langevinStep(x: [Double], score: [Double], stepSize: Double, noise: [Double]) throws -> [Double] {
    throw NotAttempted()
}

/// **One step of Heun's method** on the probability-flow ODE dx̄/dσ = ε(x̄, σ) (Karras et al.
/// 2022, Algorithm 1, lines 4–8 without noise), from σ to σ′ = `sigmaNext`:
/// d = ε(x̄, σ); x̄′ = x̄ + (σ′ − σ) d; and if σ′ ≠ 0, x̄′ = x̄ + (σ′ − σ) (d + ε(x̄′, σ′))/2.
///
/// - Parameters:
///   - x: x̄ at σ, any number of values.
///   - sigma: σ, the noise level of `x`.
///   - sigmaNext: σ′ < σ, where the step ends (0 at the end of sampling).
///   - epsilon: the slope dx̄/dσ at a point and a noise level; call it at most twice.
/// - Returns: x̄ at σ′.
/// - Hint: the second slope is taken at the Euler point and at σ′; at σ′ = 0 the step stays
///   an Euler step (the slope there is not defined).
public func heunStep(x: [Double], sigma: Double, sigmaNext: Double,
                     epsilon: ([Double], Double) -> [Double]) throws -> [Double] {
    throw NotAttempted()
}
