// Lesson 06 — sampling with DDIM (Song et al. 2021). Read the lesson first: `swift run Lesson06`.
// Check your answers: `swift test --filter Lesson06 --disable-swift-testing`.
import Foundation

/// **The noise scale of a DDIM step** (Song et al. 2021, eq. 16), from step t to the
/// previous step of the sub-sequence, `previous` < t:
/// σ(η) = η √((1 − ᾱ_prev)/(1 − ᾱ_t)) √(1 − ᾱ_t/ᾱ_prev).
/// η = 0 is the deterministic DDIM; η = 1 with previous = t − 1 gives σ² = β̃_t, DDPM's.
///
/// - Parameters:
///   - t: the step, 1…T.
///   - previous: the step it goes to, 0…t − 1 (ᾱ_0 = 1).
///   - eta: η, 0…1.
///   - alphaBars: ᾱ_1 … ᾱ_T; index t − 1 holds ᾱ_t.
/// - Returns: σ (a standard deviation).
/// - Hint: ᾱ_prev is `alphaBars[previous - 1]`, or 1 when previous = 0 — not ᾱ_{t−1}.
public func ddimSigma(t: Int, previous: Int, eta: Double, alphaBars: [Double]) throws -> Double {
    throw NotAttempted()
}

/// **One DDIM step** (Song et al. 2021, eq. 12), from step t to step `previous`:
/// x_prev = √ᾱ_prev · x̂_0 + √(1 − ᾱ_prev − σ²) · ε̂ + σ z,
/// with x̂_0 = (x_t − √(1 − ᾱ_t) ε̂)/√ᾱ_t ("predicted x_0") and σ = σ(η) of eq. 16.
///
/// - Parameters:
///   - xt: x_t (any number of values).
///   - t: the step, 1…T.
///   - previous: the step it goes to, 0…t − 1 (ᾱ_0 = 1).
///   - epsHat: ε̂ = ε_θ(x_t, t), one value per value of `xt`.
///   - z: fresh standard-normal noise, one value per value of `xt` (it counts only when η > 0).
///   - eta: η, 0…1.
///   - alphaBars: ᾱ_1 … ᾱ_T; index t − 1 holds ᾱ_t.
/// - Returns: x_prev, one value per value of `xt`.
/// - Hint: three terms — the predicted x_0, the direction pointing to x_t, the random noise.
///   Your `predictX0` (Lesson 02) and `ddimSigma` do most of it.
public func ddimStep(xt: [Double], t: Int, previous: Int, epsHat: [Double], z: [Double],
                     eta: Double, alphaBars: [Double]) throws -> [Double] {
    throw NotAttempted()
}

/// **Spherical interpolation** (Shoemake 1985; Song et al. 2021, §5.3 interpolate DDIM
/// latents x_T with it): with θ the angle between z0 and z1,
/// slerp(z0, z1, α) = sin((1 − α)θ)/sin θ · z0 + sin(αθ)/sin θ · z1.
///
/// - Parameters:
///   - z0: the start (fraction 0), a vector of any length.
///   - z1: the end (fraction 1), as long as `z0`.
///   - fraction: α, 0…1.
/// - Returns: the interpolant, as long as `z0`.
/// - Hint: cos θ = z0·z1 / (|z0| |z1|); `acos` gives θ. The whole array is one vector, as
///   Lesson 06 uses it for a batch of 2D points: one angle, near 90°, for all of them.
public func slerp(_ z0: [Double], _ z1: [Double], fraction: Double) throws -> [Double] {
    throw NotAttempted()
}
