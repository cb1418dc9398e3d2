// Lesson 01 — noise schedules. Read the lesson first: `swift run Lesson01`.
// Check your answers: `swift test --filter Lesson01 --disable-swift-testing`.
import Foundation

/// **The linear β schedule** (Ho et al. 2020, §4: β_t rises linearly from β_1 = 10⁻⁴ to β_T = 0.02).
///
/// Return β_1 … β_T, evenly spaced from `betaStart` (β_1) to `betaEnd` (β_T), both included.
///
/// - Parameters:
///   - timesteps: T, the number of steps (at least 2).
///   - betaStart: β_1.
///   - betaEnd: β_T.
/// - Returns: T values; index t − 1 holds β_t.
/// - Hint: T values have T − 1 gaps between them: β_t = β_1 + (t − 1)(β_T − β_1)/(T − 1).
public func linearBetas(timesteps: Int, betaStart: Double, betaEnd: Double) throws -> [Double] {
    throw NotAttempted()
}

/// **ᾱ_t as a cumulative product** (Ho et al. 2020, eq. 4 and the line above it:
/// α_t = 1 − β_t and ᾱ_t = ∏_{s=1}^{t} α_s).
///
/// Return ᾱ_1 … ᾱ_T for the given β_1 … β_T.
///
/// - Parameter betas: β_1 … β_T; index t − 1 holds β_t.
/// - Returns: T values; index t − 1 holds ᾱ_t.
/// - Hint: keep a running product of (1 − β_s); ᾱ_1 = α_1 already includes step 1.
public func alphaBars(betas: [Double]) throws -> [Double] {
    throw NotAttempted()
}

/// **The cosine schedule** (Nichol & Dhariwal 2021, eq. 17):
/// ᾱ_t = f(t)/f(0) with f(t) = cos²((t/T + s)/(1 + s) · π/2) and s = 0.008.
///
/// Return ᾱ_t for one step t of a T-step cosine schedule (no clipping; t = 0 gives 1).
///
/// - Parameters:
///   - t: the step, 0…T.
///   - timesteps: T.
/// - Returns: ᾱ_t.
/// - Hint: `cos(x)` squared, with x = (t/T + s)/(1 + s) · π/2; work in Double (`Double(t)`).
public func cosineAlphaBar(t: Int, timesteps: Int) throws -> Double {
    throw NotAttempted()
}
