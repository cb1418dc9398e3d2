import Foundation

/// Where an ODE solver puts its N steps, as time steps t_0 > … > t_{N−1} of the schedule
/// followed by t_N = 0 (the data, σ = 0).
public enum ODETimeGrid: Sendable, Equatable {
    /// DDIM's uniform sub-sequence τ_i = 1 + ⌊(i − 1) T / N⌋ (Song et al. 2021, DDIM, §4.2),
    /// descending, then 0: the DDIM sampler's own steps.
    case uniform
    /// Karras et al. 2022, eq. 5: σ_i = (σ_max^{1/ρ} + i/(N − 1) (σ_min^{1/ρ} − σ_max^{1/ρ}))^ρ
    /// from σ_max = σ_T to σ_min = σ_1; ρ = 7 crowds the steps at small σ.
    case karras(rho: Double)
    /// Equal steps in λ = log(√ᾱ/√(1 − ᾱ)) = −log σ from λ_T to λ_1: the spacing Lu et al.
    /// 2022 (DPM-Solver, §3.3) recommend, on which every step of
    /// DPM-Solver has the same h.
    case logSNR

    /// The grid for N steps on a schedule: N time steps of 1…T, descending, then 0. Points
    /// chosen in σ or λ are rounded to the nearest step; where two round to the same step
    /// it is kept once, so a grid may have fewer than N steps when N is close to T.
    /// - Parameters:
    ///   - count: N, at least 1.
    ///   - schedule: The schedule whose steps the grid uses.
    /// - Returns: At most N + 1 descending times ending at 0.
    public func times(steps count: Int, schedule: NoiseSchedule) -> [Int] {
        precondition(count >= 1 && count <= schedule.timesteps, "A grid needs between 1 and \(schedule.timesteps) steps; got \(count).")
        let T = schedule.timesteps
        let sigmaMax = schedule.odeSigma(T), sigmaMin = schedule.odeSigma(1)
        let fractions = (0..<count).map { count == 1 ? 0 : Double($0) / Double(count - 1) }
        let descending: [Int]
        switch self {
        case .uniform:
            descending = TimestepSpacing.uniform.timesteps(count: count, of: T).reversed()
        case .karras(let rho):
            precondition(rho > 0, "Karras's ρ must be positive.")
            let top = pow(sigmaMax, 1 / rho), bottom = pow(sigmaMin, 1 / rho)
            descending = fractions.map { schedule.nearestStep(sigma: pow(top + $0 * (bottom - top), rho)) }
        case .logSNR:
            let top = -log(sigmaMax), bottom = -log(sigmaMin)
            descending = fractions.map { schedule.nearestStep(sigma: exp(-(top + $0 * (bottom - top)))) }
        }
        var result: [Int] = []
        for t in descending where result.last.map({ t < $0 }) ?? true { result.append(t) }
        return result + [0]
    }

    /// A short name for tables: "uniform t", "Karras ρ = 7", "uniform log-SNR".
    public var name: String {
        switch self {
        case .uniform: return "uniform t"
        case .karras(let rho): return "Karras ρ = \(rho.formatted())"
        case .logSNR: return "uniform log-SNR"
        }
    }
}

private extension Double {
    func formatted() -> String { self == rounded() ? String(Int(self)) : String(self) }
}
