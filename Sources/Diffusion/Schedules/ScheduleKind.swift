import Foundation

/// The β schedules of the workbook. Each maps a number of steps T (and, where it applies,
/// β_1 and β_T) to the variances β_1 … β_T of the forward process.
public enum ScheduleKind: String, CaseIterable, Sendable {
    /// Ho et al. 2020, §4: β_t rises linearly from β_1 = 1e-4 to β_T = 0.02.
    case linear
    /// √β_t rises linearly from √β_1 to √β_T (the "quad" schedule of the DDPM and DDIM code).
    case quadratic
    /// β_t follows a logistic curve over [−6, 6] between β_1 and β_T (Siddiqui's 2D tutorial).
    case sigmoid
    /// Nichol & Dhariwal 2021, eq. 17: ᾱ_t = f(t)/f(0), f(t) = cos²((t/T + s)/(1 + s) · π/2),
    /// s = 0.008, with β_t = 1 − ᾱ_t/ᾱ_{t−1} capped at 0.999. Takes no β_1 or β_T.
    case cosine
    /// The continuous "angle" schedule of the Keras DDIM example: the signal rate √ᾱ = cos φ
    /// with φ running linearly from arccos 0.95 to arccos 0.02, sampled at τ = t/T.
    /// Takes no β_1 or β_T.
    case angle

    /// Whether β_1 and β_T set this schedule (the cosine and angle schedules ignore them).
    public var usesBetaRange: Bool { self == .linear || self == .quadratic || self == .sigmoid }

    /// β_1 … β_T for this kind (index i holds β_{i+1}).
    /// - Parameters:
    ///   - timesteps: T, at least 2.
    ///   - betaStart: β_1, for the kinds that use a range (``usesBetaRange``).
    ///   - betaEnd: β_T, for the kinds that use a range.
    /// - Returns: T values of β.
    public func betas(timesteps: Int, betaStart: Double, betaEnd: Double) -> [Double] {
        precondition(timesteps >= 2, "A schedule needs at least two time steps.")
        switch self {
        case .linear:
            return linspace(betaStart, betaEnd, timesteps)
        case .quadratic:
            return linspace(betaStart.squareRoot(), betaEnd.squareRoot(), timesteps).map { $0 * $0 }
        case .sigmoid:
            return linspace(-6, 6, timesteps).map { x in
                1 / (1 + exp(-x)) * (betaEnd - betaStart) + betaStart
            }
        case .cosine:
            // Nichol & Dhariwal 2021, eq. 17 and §3.2: β_t = min(1 − ᾱ(t/T)/ᾱ((t−1)/T), 0.999).
            let s = 0.008
            func alphaBar(_ tau: Double) -> Double {
                let c = cos((tau + s) / (1 + s) * Double.pi / 2)
                return c * c
            }
            return (0..<timesteps).map { i in
                let t1 = Double(i) / Double(timesteps), t2 = Double(i + 1) / Double(timesteps)
                return min(1 - alphaBar(t2) / alphaBar(t1), 0.999)
            }
        case .angle:
            // ᾱ_t = cos²φ(t/T); β_t = 1 − ᾱ_t/ᾱ_{t−1} with ᾱ_0 = 1, so β_1 = 1 − ᾱ_1 is large.
            let rates = AngleSchedule()
            var previous = 1.0
            return (1...timesteps).map { t in
                let alphaBar = rates.alphaBar(Double(t) / Double(timesteps))
                defer { previous = alphaBar }
                return 1 - alphaBar / previous
            }
        }
    }
}

/// `count` evenly spaced values from `start` to `end`, both included (as numpy's linspace).
func linspace(_ start: Double, _ end: Double, _ count: Int) -> [Double] {
    let step = (end - start) / Double(count - 1)
    return (0..<count).map { i in i == count - 1 ? end : start + Double(i) * step }
}
