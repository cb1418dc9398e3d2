/// The variance σ_t² of the reverse step p(x_{t−1} | x_t) = N(μ_θ, σ_t² I). Ho et al. 2020,
/// §3.2: both choices gave similar samples; they are the two extremes of the reverse
/// process entropy.
public enum ReverseVariance: String, CaseIterable, Sendable {
    /// σ_t² = β_t, optimal for x_0 ~ N(0, I) (the DDPM code's "fixedlarge").
    case beta
    /// σ_t² = β̃_t, the posterior variance, optimal for x_0 fixed to one point ("fixedsmall").
    case betaTilde = "beta-tilde"
}

extension ReverseStep {
    /// One step of Ho et al. 2020, Algorithm 2, from t to t − 1:
    /// x_{t−1} = μ_θ(x_t, t) + σ_t z, with z = 0 at t = 1 (the last step adds no noise).
    ///
    /// Without clipping the mean is eq. 11, μ_θ = (x_t − β_t/√(1 − ᾱ_t) · ε̂) / √α_t.
    /// With clipping, x̂_0 is computed from ε̂ and clipped, and the mean is the posterior mean
    /// of eq. 7, μ̃_t(x_t, x̂_0) = β_t √ᾱ_{t−1}/(1 − ᾱ_t) · x̂_0 + (1 − ᾱ_{t−1}) √α_t/(1 − ᾱ_t) · x_t
    /// (the two agree when nothing is clipped).
    public static func ddpm(schedule: NoiseSchedule, t: Int, variance: ReverseVariance,
                            clipping: X0Clipping = .none) -> ReverseStep {
        let i = schedule.index(t)
        let variance = t == 1 ? 0 : (variance == .beta ? schedule.betas[i] : schedule.betaTildes[i])
        let sigma = variance.squareRoot()
        switch clipping {
        case .none:
            let meanScale = 1 / schedule.alphas[i].squareRoot()
            return ReverseStep(schedule: schedule, from: t, to: t - 1, coefXt: meanScale,
                               coefEps: -meanScale * schedule.betas[i] / schedule.sqrtOneMinusAlphaBars[i],
                               coefX0: 0, sigma: sigma, clipping: clipping)
        case .range:
            return ReverseStep(schedule: schedule, from: t, to: t - 1, coefXt: schedule.posteriorCoefXt[i],
                               coefEps: 0, coefX0: schedule.posteriorCoefX0[i], sigma: sigma, clipping: clipping)
        }
    }
}

/// Ancestral sampling of Ho et al. 2020, Algorithm 2: x_T ~ N(0, I), then T steps
/// x_{t−1} = μ_θ(x_t, t) + σ_t z down to x_0.
public struct DDPMSampler: Sampler {
    /// The schedule the steps were built from.
    public let schedule: NoiseSchedule
    /// σ_t²: β_t or β̃_t (§3.2).
    public let variance: ReverseVariance
    /// Whether each step clips x̂_0.
    public let clipping: X0Clipping
    /// The steps t = T, T − 1, …, 1.
    public let steps: [ReverseStep]

    /// A DDPM sampler with every step of Algorithm 2 built from `schedule`.
    /// - Parameters:
    ///   - schedule: The schedule the predictor was trained on.
    ///   - variance: σ_t², β_t or β̃_t.
    ///   - clipping: Whether x̂_0 is clipped (then the mean is eq. 7's μ̃_t(x_t, x̂_0)).
    public init(schedule: NoiseSchedule, variance: ReverseVariance, clipping: X0Clipping = .none) {
        self.schedule = schedule
        self.variance = variance
        self.clipping = clipping
        steps = schedule.steps.reversed().map { t in
            ReverseStep.ddpm(schedule: schedule, t: t, variance: variance, clipping: clipping)
        }
    }

    /// The step from t to t − 1.
    /// - Parameter t: A paper time step, 1…T.
    /// - Returns: The ``ReverseStep`` of Algorithm 2 at t.
    public func step(at t: Int) -> ReverseStep {
        steps[schedule.timesteps - schedule.index(t) - 1]
    }
}
