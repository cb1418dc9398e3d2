// Lesson 03 — the posterior q(x_{t−1} | x_t, x_0). Read the lesson first: `swift run Lesson03`.
// Check your answers: `swift test --filter Lesson03 --disable-swift-testing`.
import Foundation

/// **The posterior mean** (Ho et al. 2020, eq. 7):
/// μ̃_t(x_t, x_0) = β_t √ᾱ_{t−1}/(1 − ᾱ_t) · x_0 + (1 − ᾱ_{t−1}) √α_t/(1 − ᾱ_t) · x_t.
///
/// - Parameters:
///   - x0: x_0 (any number of values).
///   - xt: x_t, one value per value of `x0`.
///   - t: the step, 1…T.
///   - betas: β_1 … β_T; index t − 1 holds β_t.
///   - alphaBars: ᾱ_1 … ᾱ_T; index t − 1 holds ᾱ_t.
/// - Returns: μ̃_t, one value per value of `x0`.
/// - Hint: α_t = 1 − β_t; ᾱ_{t−1} is `alphaBars[t - 2]`, except ᾱ_0 = 1 at t = 1.
public func posteriorMean(x0: [Double], xt: [Double], t: Int, betas: [Double], alphaBars: [Double]) throws -> [Double] {
    throw NotAttempted()
}

/// **The posterior variance** (Ho et al. 2020, eq. 7): β̃_t = β_t (1 − ᾱ_{t−1})/(1 − ᾱ_t).
///
/// - Parameters:
///   - t: the step, 1…T.
///   - betas: β_1 … β_T; index t − 1 holds β_t.
///   - alphaBars: ᾱ_1 … ᾱ_T; index t − 1 holds ᾱ_t.
/// - Returns: β̃_t (a variance, not a standard deviation).
/// - Hint: ᾱ_0 = 1, so β̃_1 = 0: at t = 1 the posterior knows x_0 exactly.
public func posteriorVariance(t: Int, betas: [Double], alphaBars: [Double]) throws -> Double {
    throw NotAttempted()
}

/// **The reverse mean in its ε form** (Ho et al. 2020, eq. 11):
/// μ = (x_t − β_t/√(1 − ᾱ_t) · ε) / √α_t — the posterior mean with x_0 replaced by the
/// x̂_0 that ε implies.
///
/// - Parameters:
///   - xt: x_t (any number of values).
///   - t: the step, 1…T.
///   - eps: ε (or a network's guess of it), one value per value of `xt`.
///   - betas: β_1 … β_T; index t − 1 holds β_t.
///   - alphaBars: ᾱ_1 … ᾱ_T; index t − 1 holds ᾱ_t.
/// - Returns: μ, one value per value of `xt`.
/// - Hint: it steps back one step, so it divides by √α_t, not √ᾱ_t.
public func meanFromEps(xt: [Double], t: Int, eps: [Double], betas: [Double], alphaBars: [Double]) throws -> [Double] {
    throw NotAttempted()
}
