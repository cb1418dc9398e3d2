// Lesson 05 — sampling with DDPM (Ho et al. 2020, Algorithm 2). Read the lesson first:
// `swift run Lesson05`. Check your answers: `swift test --filter Lesson05 --disable-swift-testing`.
import Foundation

/// **The variance of a reverse step** (Ho et al. 2020, §3.2): p(x_{t−1} | x_t) = N(μ_θ, σ_t² I)
/// with σ_t² = β_t or σ_t² = β̃_t = β_t (1 − ᾱ_{t−1})/(1 − ᾱ_t) (eq. 7). The paper found both
/// give similar samples: β_t is optimal when x_0 ~ N(0, I), β̃_t when x_0 is one fixed point.
///
/// - Parameters:
///   - t: the step, 1…T.
///   - betas: β_1 … β_T; index t − 1 holds β_t.
///   - alphaBars: ᾱ_1 … ᾱ_T; index t − 1 holds ᾱ_t.
///   - useBetaTilde: false for σ_t² = β_t, true for σ_t² = β̃_t.
/// - Returns: σ_t² (a variance).
/// - Hint: ᾱ_0 = 1, so β̃_1 = 0. Your `posteriorVariance` from Lesson 03 computes β̃_t.
public func reverseVariance(t: Int, betas: [Double], alphaBars: [Double], useBetaTilde: Bool) throws -> Double {
    throw NotAttempted()
}

/// **One step of DDPM sampling** (Ho et al. 2020, Algorithm 2, line 4):
/// x_{t−1} = 1/√α_t · (x_t − β_t/√(1 − ᾱ_t) · ε̂) + σ_t z, with z = 0 at t = 1
/// (the mean is eq. 11 with the network's ε̂ in place of ε).
///
/// - Parameters:
///   - xt: x_t (any number of values).
///   - t: the step, 1…T.
///   - epsHat: ε̂ = ε_θ(x_t, t), the network's guess of the noise, one value per value of `xt`.
///   - z: fresh standard-normal noise, one value per value of `xt` (unused at t = 1).
///   - betas: β_1 … β_T; index t − 1 holds β_t.
///   - alphaBars: ᾱ_1 … ᾱ_T; index t − 1 holds ᾱ_t.
///   - useBetaTilde: false for σ_t² = β_t, true for σ_t² = β̃_t.
/// - Returns: x_{t−1}, one value per value of `xt`.
/// - Hint: σ_t is the square root of σ_t². Your `meanFromEps` (Lesson 03) and `reverseVariance` do most of it.
public func ddpmStep(xt: [Double], t: Int, epsHat: [Double], z: [Double],
                     betas: [Double], alphaBars: [Double], useBetaTilde: Bool) throws -> [Double] {
    throw NotAttempted()
}

/// **x̂_0, clipped** (the DDPM code's `clip_denoised`): image data lies in −1…1, so the x̂_0
/// that ε̂ implies (Ho et al. 2020, eq. 4 solved for x_0, as in Lesson 02's `predictX0`) is
/// clamped to that range before the posterior mean μ̃_t(x_t, x̂_0) of eq. 7 uses it:
/// x̂_0 = clamp((x_t − √(1 − ᾱ_t) ε̂)/√ᾱ_t, −1, 1).
///
/// - Parameters:
///   - xt: x_t (any number of values).
///   - t: the step, 1…T.
///   - epsHat: ε̂ = ε_θ(x_t, t), one value per value of `xt`.
///   - alphaBars: ᾱ_1 … ᾱ_T; index t − 1 holds ᾱ_t.
/// - Returns: x̂_0, one value per value of `xt`, each in −1…1.
/// - Hint: compute x̂_0 first, then clamp each value with `min(max(value, -1), 1)`.
public func predictX0Clipped(xt: [Double], t: Int, epsHat: [Double], alphaBars: [Double]) throws -> [Double] {
    throw NotAttempted()
}

/// **The sampling loop** (Ho et al. 2020, Algorithm 2): start from x_T and take the steps
/// t = T, T − 1, …, 1; the last one gives x_0.
///
/// - Parameters:
///   - xT: x_T, where sampling starts (pure noise).
///   - epsHat: the noise predictor: `epsHat(x, t)` is ε̂ = ε_θ(x_t, t) for x = x_t.
///   - z: `z(t)` is the fresh noise of the step from t to t − 1 (the step at t = 1 adds none).
///   - betas: β_1 … β_T; index t − 1 holds β_t.
///   - alphaBars: ᾱ_1 … ᾱ_T; index t − 1 holds ᾱ_t.
///   - useBetaTilde: false for σ_t² = β_t, true for σ_t² = β̃_t.
/// - Returns: x_0.
/// - Hint: `for t in stride(from: T, through: 1, by: -1)`, calling your `ddpmStep` with `epsHat(x, t)` and `z(t)`.
public func ddpmSample(xT: [Double], epsHat: (_ x: [Double], _ t: Int) -> [Double], z: (_ t: Int) -> [Double],
                       betas: [Double], alphaBars: [Double], useBetaTilde: Bool) throws -> [Double] {
    throw NotAttempted()
}
