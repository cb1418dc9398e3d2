import Foundation

/// A Gaussian probability path in the workbook's convention, data at t = 0 and noise at t = 1:
///
///     x_t = a_t x_0 + b_t ε,   ε ~ N(0, I),   t ∈ [0, 1],
///
/// (Esser et al. 2024, "Scaling Rectified Flow Transformers", §2, with the same placement of
/// data and noise; Lipman et al. 2023 and Liu et al. 2023 put the data at t = 1 instead). Moving
/// along it, a point has the conditional velocity
///
///     u_t(x | x_0, ε) = a′_t x_0 + b′_t ε      (the time derivative of x_t; Esser et al. 2024, §2),
///
/// and a network that predicts ε̂ implies x̂_0 = (x_t − b_t ε̂)/a_t and the velocity
/// v = a′_t x̂_0 + b′_t ε̂. Two instances:
/// - `linear`: a_t = 1 − t, b_t = t, so u = ε − x_0 (rectified flow: Liu et al. 2023, eq. 1, with
///   t ↦ 1 − t; Lipman et al. 2023's OT path, eq. 20–22, with σ_min = 0 and t ↦ 1 − t).
/// - `variancePreserving`: a_t = exp(−¼ t² (β̄_max − β̄_min) − ½ t β̄_min), b_t = √(1 − a_t²), the
///   continuous VP process of Song et al. 2021 ("Score-Based Generative Modeling through SDEs",
///   Appendix B, the VP kernel; β̄_min = 0.1, β̄_max = 20 are T·β_1 and T·β_T of Ho et al.'s linear schedule with
///   T = 1000). Its velocity from ε̂ is the probability-flow ODE's drift (their eq. 13).
public enum GaussianPath: Sendable, Equatable {
    case linear
    case variancePreserving(betaMin: Double, betaMax: Double)

    /// The VP path of Ho et al.'s linear schedule in continuous time (β̄_min = 0.1, β̄_max = 20).
    public static let vp = GaussianPath.variancePreserving(betaMin: 0.1, betaMax: 20)

    /// A name for tables and CSV files.
    public var name: String {
        switch self {
        case .linear: return "linear"
        case .variancePreserving: return "VP"
        }
    }

    /// a_t, the signal coefficient.
    public func signalRate(_ t: Double) -> Double {
        switch self {
        case .linear: return 1 - t
        case let .variancePreserving(betaMin, betaMax):
            return exp(-0.25 * t * t * (betaMax - betaMin) - 0.5 * t * betaMin)
        }
    }

    /// b_t, the noise coefficient.
    public func noiseRate(_ t: Double) -> Double {
        switch self {
        case .linear: return t
        case .variancePreserving:
            let a = signalRate(t)
            return (1 - a * a).squareRoot()
        }
    }

    /// β(t) = β̄_min + t (β̄_max − β̄_min) of the VP path (Song et al. 2021, Appendix B); 0 for the linear path.
    public func beta(_ t: Double) -> Double {
        switch self {
        case .linear: return 0
        case let .variancePreserving(betaMin, betaMax): return betaMin + t * (betaMax - betaMin)
        }
    }

    /// a′_t = da_t/dt: −1 on the linear path, −½ β(t) a_t on the VP path.
    public func signalRateDerivative(_ t: Double) -> Double {
        switch self {
        case .linear: return -1
        case .variancePreserving: return -0.5 * beta(t) * signalRate(t)
        }
    }

    /// b′_t = db_t/dt: 1 on the linear path, ½ β(t) a_t²/b_t on the VP path (from a² + b² = 1).
    public func noiseRateDerivative(_ t: Double) -> Double {
        switch self {
        case .linear: return 1
        case .variancePreserving:
            let a = signalRate(t)
            return 0.5 * beta(t) * a * a / noiseRate(t)
        }
    }

    /// x_t = a_t x_0 + b_t ε, value by value.
    public func interpolate(x0: [Double], noise: [Double], t: Double) -> [Double] {
        precondition(x0.count == noise.count, "x_0 and ε need the same number of values.")
        let a = signalRate(t), b = noiseRate(t)
        return zip(x0, noise).map { a * $0 + b * $1 }
    }

    /// u_t(x | x_0, ε) = a′_t x_0 + b′_t ε, value by value (on the linear path: ε − x_0).
    public func conditionalVelocity(x0: [Double], noise: [Double], t: Double) -> [Double] {
        precondition(x0.count == noise.count, "x_0 and ε need the same number of values.")
        let da = signalRateDerivative(t), db = noiseRateDerivative(t)
        return zip(x0, noise).map { da * $0 + db * $1 }
    }

    /// The velocity a noise prediction implies: v = a′_t x̂_0 + b′_t ε̂ with x̂_0 = (x_t − b_t ε̂)/a_t
    /// (on the linear path: v = (ε̂ − x_t)/(1 − t)). Needs a_t > 0 (t < 1 on the linear path).
    public func velocity(fromNoise eps: [Double], xt: [Double], t: Double) -> [Double] {
        precondition(eps.count == xt.count, "ε̂ and x_t need the same number of values.")
        let a = signalRate(t), b = noiseRate(t), da = signalRateDerivative(t), db = noiseRateDerivative(t)
        precondition(a > 0, "The velocity from ε̂ needs a_t > 0 (got t = \(t)).")
        return zip(eps, xt).map { e, x in da * (x - b * e) / a + db * e }
    }

    /// The noise prediction a velocity implies, inverting `velocity(fromNoise:xt:t:)`:
    /// ε̂ = (a_t v − a′_t x_t)/(a_t b′_t − a′_t b_t) (on the linear path: ε̂ = x_t + (1 − t) v).
    public func noise(fromVelocity v: [Double], xt: [Double], t: Double) -> [Double] {
        precondition(v.count == xt.count, "v and x_t need the same number of values.")
        let a = signalRate(t), b = noiseRate(t), da = signalRateDerivative(t), db = noiseRateDerivative(t)
        let determinant = a * db - da * b
        return zip(v, xt).map { v, x in (a * v - da * x) / determinant }
    }

    /// x̂_0 a velocity implies: x̂_0 = (b′_t x_t − b_t v)/(a_t b′_t − a′_t b_t) (linear path: x_t − t v).
    public func x0(fromVelocity v: [Double], xt: [Double], t: Double) -> [Double] {
        precondition(v.count == xt.count, "v and x_t need the same number of values.")
        let a = signalRate(t), b = noiseRate(t), da = signalRateDerivative(t), db = noiseRateDerivative(t)
        let determinant = a * db - da * b
        return zip(v, xt).map { v, x in (db * x - b * v) / determinant }
    }

    /// The linear path's time with noise level σ = b_t/a_t (Karras et al. 2022's σ of x̄ = x_t/a_t):
    /// σ = t/(1 − t), so t = σ/(1 + σ); σ = ∞ is t = 1.
    public static func linearTime(sigma: Double) -> Double {
        sigma.isInfinite ? 1 : sigma / (1 + sigma)
    }
}
