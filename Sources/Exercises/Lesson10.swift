// Lesson 10 — Flow matching and rectified flow. Read the lesson first: `swift run Lesson10`.
// Check your answers: `swift test --filter Lesson10`. The convention: data x_0 at t = 0, noise ε
// at t = 1, sampling runs t from 1 down to 0.
import Foundation

/// **The linear (rectified-flow) interpolant** (Esser et al. 2024, §3; Liu et al. 2023, eq. 1
/// with t ↦ 1 − t): x_t = (1 − t) x_0 + t ε.
///
/// - Parameters:
///   - x0: the data point x_0, any number of values.
///   - noise: ε, one value per value of `x0`.
///   - t: the time, 0…1 (0 is the data, 1 the noise).
/// - Returns: x_t, one value per value of `x0`.
/// - Hint: at t = 0 you must get x_0 back, at t = 1 the noise.
public func interpolant(x0: [Double], noise: [Double], t: Double) throws -> [Double] {
    throw NotAttempted()
}

/// **The conditional velocity on the linear path** (Lipman et al. 2023, eq. 23 with
/// σ_min = 0 and t ↦ 1 − t): u = dx_t/dt = ε − x_0, the same at every t.
///
/// - Parameters:
///   - x0: the data point x_0, any number of values.
///   - noise: ε, one value per value of `x0`.
/// - Returns: u, one value per value of `x0`.
/// - Hint: differentiate x_t = (1 − t) x_0 + t ε with respect to t.
public func conditionalVelocity(x0: [Double], noise: [Double]) throws -> [Double] {
    throw NotAttempted()
}

/// **The velocity a noise prediction implies on the linear path**: with x̂_0 = (x_t − t ε̂)/(1 − t),
/// v = ε̂ − x̂_0 = (ε̂ − x_t)/(1 − t).
///
/// - Parameters:
///   - xt: x_t, any number of values.
///   - eps: ε̂(x_t), one value per value of `xt`.
///   - t: the time, 0 ≤ t < 1.
/// - Returns: v, one value per value of `xt`.
/// - Hint: first undo x_t = (1 − t) x_0 + t ε for x̂_0, then take the conditional velocity of (x̂_0, ε̂).
public func velocityFromEps(xt: [Double], eps: [Double], t: Double) throws -> [Double] {
    throw NotAttempted()
}

/// **One Euler step of the flow** dx/dt = v from t to tNext < t (sampling runs t down):
/// x + (tNext − t) v.
///
/// - Parameters:
///   - x: the state at t, any number of values.
///   - velocity: v(x, t), one value per value of `x`.
///   - t: the current time.
///   - tNext: the time the step ends at, below t.
/// - Returns: the state at tNext.
/// - Hint: the step in time is negative, so the point moves against v.
public func flowEulerStep(x: [Double], velocity: [Double], t: Double, tNext: Double) throws -> [Double] {
    throw NotAttempted()
}
