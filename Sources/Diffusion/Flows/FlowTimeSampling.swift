import Foundation

/// How flow matching draws each training row's time t ∈ [0, 1] on the linear path.
public enum FlowTimeSampling: String, CaseIterable, Sendable, Codable {
    /// t ~ U[0, 1) (Lipman et al. 2023; Liu et al. 2023).
    case uniform
    /// The logit-normal density of Esser et al. 2024 (§3.1, eq. 19) with m = 0 and s = 1:
    ///     π_ln(t; m, s) = 1/(s√(2π)) · 1/(t(1 − t)) · exp(−(logit(t) − m)²/(2s²)),
    /// drawn as t = 1/(1 + e^(−u)), u ~ N(m, s²). It puts more of the training on the middle
    /// times, where the velocity is hardest to predict; rf/lognorm(0.00, 1.00) ranked first of
    /// their 61 formulations (Table 1). It is symmetric about t = ½, so it does not matter that
    /// their data sit at t = 0 as the workbook's do.
    case logitNormal = "logit-normal"

    /// m and s of `logitNormal`.
    public static let logitMean = 0.0, logitDeviation = 1.0

    /// One t.
    public func draw(using rng: inout Xoshiro256) -> Double {
        switch self {
        case .uniform: return rng.uniform()
        case .logitNormal: return 1 / (1 + exp(-(Self.logitMean + Self.logitDeviation * rng.gaussian())))
        }
    }
}
