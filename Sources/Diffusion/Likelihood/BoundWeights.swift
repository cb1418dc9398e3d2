import Foundation

/// The weights that turn the variational bound of Ho et al. 2020 into a loss on ε.
///
/// With p_θ(x_{t−1} | x_t) = N(μ_θ(x_t, t), σ_t² I) and the posterior q(x_{t−1} | x_t, x_0) =
/// N(μ̃_t, β̃_t I) of eq. 7, the bound's term L_{t−1} (eq. 5) is a KL between two Gaussians,
/// per dimension
///
///     L_{t−1} = ½ (β̃_t/σ_t² − 1 − log(β̃_t/σ_t²)) + (μ̃_t − μ_θ)² / (2σ_t²)        (eq. 8),
///
/// and with both means in their ε form (eq. 11), μ̃_t − μ_θ = β_t/(√α_t √(1 − ᾱ_t)) · (ε̂ − ε), so
///
///     L_{t−1} = C_t + λ_t (ε − ε̂)²,  λ_t = β_t² / (2 σ_t² α_t (1 − ᾱ_t))               (eq. 12).
///
/// L_simple (eq. 14) sets λ_t = 1 and drops C_t.
extension NoiseSchedule {
    /// σ_t² of the reverse step for a choice of variance: β_t, or β̃_t (which is 0 at t = 1).
    /// - Parameters:
    ///   - t: A paper time step, 1…T.
    ///   - choice: β_t or β̃_t.
    /// - Returns: σ_t².
    public func reverseVariance(_ t: Int, _ choice: ReverseVariance) -> Double {
        choice == .beta ? beta(t) : betaTilde(t)
    }

    /// Ho et al. 2020, eq. 12: λ_t = β_t² / (2 σ_t² α_t (1 − ᾱ_t)), the weight of ‖ε − ε̂‖² in
    /// L_{t−1}. With σ² = β̃_t it is +∞ at t = 1, where β̃_1 = 0.
    /// - Parameters:
    ///   - t: A paper time step, 1…T.
    ///   - choice: σ_t², β_t or β̃_t.
    /// - Returns: λ_t.
    public func vlbWeight(t: Int, variance choice: ReverseVariance) -> Double {
        let b = beta(t)
        return b * b / (2 * reverseVariance(t, choice) * alpha(t) * (1 - alphaBar(t)))
    }

    /// C_t = ½ (β̃_t/σ_t² − 1 − log(β̃_t/σ_t²)) per dimension: the part of L_{t−1} no mean can
    /// change, KL(N(0, β̃_t) ‖ N(0, σ_t²)) (eq. 8's constant C). 0 when σ_t² = β̃_t; defined
    /// for t ≥ 2 (at t = 1 the bound has the decoder term L_0 instead).
    /// - Parameters:
    ///   - t: A paper time step, 2…T.
    ///   - choice: σ_t², β_t or β̃_t.
    /// - Returns: C_t, nats per dimension.
    public func vlbConstant(t: Int, variance choice: ReverseVariance) -> Double {
        precondition(t >= 2, "C_t belongs to L_{t−1} with t ≥ 2; t = 1 is the decoder term L_0.")
        return gaussianKL(mean1: 0, logVariance1: log(betaTilde(t)), mean2: 0, logVariance2: log(reverseVariance(t, choice)))
    }
}
