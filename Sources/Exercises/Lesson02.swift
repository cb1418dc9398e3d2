// Lesson 02 — the forward process q(x_t | x_0). Read the lesson first: `swift run Lesson02`.
// Check your answers: `swift test --filter Lesson02 --disable-swift-testing`.
import Foundation

/// **A draw from q(x_t | x_0) in one jump** (Ho et al. 2020, eq. 4, reparameterized):
/// x_t = √ᾱ_t x_0 + √(1 − ᾱ_t) ε.
///
/// - Parameters:
///   - x0: the clean data x_0 (any number of values).
///   - t: the step, 1…T.
///   - noise: ε, one standard-normal value per value of `x0`.
///   - alphaBars: ᾱ_1 … ᾱ_T; index t − 1 holds ᾱ_t.
/// - Returns: x_t, one value per value of `x0`.
/// - Hint: ᾱ_t is the share of the variance left to the signal: the signal rate is √ᾱ_t and
///   the noise rate √(1 − ᾱ_t).
public func qSample(x0: [Double], t: Int, noise: [Double], alphaBars: [Double]) throws -> [Double] {
    throw NotAttempted()
}

/// **One step of the forward chain** (Ho et al. 2020, eq. 2: q(x_t | x_{t−1}) =
/// N(√(1 − β_t) x_{t−1}, β_t I)): x_t = √(1 − β_t) x_{t−1} + √β_t ε.
///
/// - Parameters:
///   - previous: x_{t−1} (any number of values).
///   - t: the step, 1…T.
///   - noise: ε, one standard-normal value per value of `previous`.
///   - betas: β_1 … β_T; index t − 1 holds β_t.
/// - Returns: x_t, one value per value of `previous`.
/// - Hint: one step needs β_t alone, not ᾱ_t.
public func qStep(previous: [Double], t: Int, noise: [Double], betas: [Double]) throws -> [Double] {
    throw NotAttempted()
}

/// **x_0 from a noise guess** (Ho et al. 2020, eq. 4 solved for x_0):
/// x̂_0 = (x_t − √(1 − ᾱ_t) ε) / √ᾱ_t.
///
/// - Parameters:
///   - xt: x_t (any number of values).
///   - t: the step, 1…T.
///   - eps: ε, the noise (or a network's guess of it), one value per value of `xt`.
///   - alphaBars: ᾱ_1 … ᾱ_T; index t − 1 holds ᾱ_t.
/// - Returns: x̂_0, one value per value of `xt`.
/// - Hint: undo `qSample`: take the noise away first, then divide by the signal rate.
public func predictX0(xt: [Double], t: Int, eps: [Double], alphaBars: [Double]) throws -> [Double] {
    throw NotAttempted()
}
