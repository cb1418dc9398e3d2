import Foundation

/// The Gaussian posterior q(x_{t−1} | x_t, x_0) = N(μ̃_t, β̃_t I) of Ho et al. 2020, eq. 6–7.
public struct PosteriorGaussian: Sendable, Equatable {
    /// μ̃_t(x_t, x_0), one value per input value.
    public let mean: [Double]
    /// β̃_t, shared by every value.
    public let variance: Double
    /// log β̃_t, clipped at t = 1 to log β̃_2 so it stays finite.
    public let logVarianceClipped: Double
}

extension NoiseSchedule {
    /// Ho et al. 2020, eq. 7: μ̃_t(x_t, x_0) = β_t √ᾱ_{t−1}/(1 − ᾱ_t) · x_0
    ///   + (1 − ᾱ_{t−1}) √α_t/(1 − ᾱ_t) · x_t, and β̃_t = β_t (1 − ᾱ_{t−1})/(1 − ᾱ_t).
    /// - Parameters:
    ///   - x0: x_0.
    ///   - xt: x_t, one value per value of `x0`.
    ///   - t: A paper time step, 1…T.
    /// - Returns: μ̃_t per value, and β̃_t.
    public func posterior(x0: [Double], xt: [Double], t: Int) -> PosteriorGaussian {
        precondition(x0.count == xt.count, "x_0 and x_t must have the same number of values.")
        let i = index(t)
        let a = posteriorCoefX0[i], b = posteriorCoefXt[i]
        return PosteriorGaussian(
            mean: zip(x0, xt).map { a * $0 + b * $1 },
            variance: betaTildes[i],
            logVarianceClipped: logBetaTildesClipped[i]
        )
    }

    /// Ho et al. 2020, eq. 11: the reverse mean in its ε form,
    /// μ = (x_t − β_t/√(1 − ᾱ_t) · ε) / √α_t. Equal to μ̃_t(x_t, x̂_0) when x̂_0 is computed
    /// from the same ε by `predictX0`.
    /// - Parameters:
    ///   - xt: x_t.
    ///   - t: A paper time step, 1…T.
    ///   - eps: ε (or a network's ε̂), one value per value of `xt`.
    /// - Returns: The mean of x_{t−1}, one value per value of `xt`.
    public func meanFromEps(xt: [Double], t: Int, eps: [Double]) -> [Double] {
        precondition(xt.count == eps.count, "x_t and ε must have the same number of values.")
        let i = index(t)
        let epsCoef = betas[i] / sqrtOneMinusAlphaBars[i], scale = 1 / alphas[i].squareRoot()
        return zip(xt, eps).map { scale * ($0 - epsCoef * $1) }
    }
}

/// KL(N(μ₁, e^{logVar₁}) ‖ N(μ₂, e^{logVar₂})) for one dimension, in nats:
/// ½ (−1 + logVar₂ − logVar₁ + e^{logVar₁ − logVar₂} + (μ₁ − μ₂)² e^{−logVar₂})
/// (Ho et al. 2020, eq. 5 uses it for L_{t−1}; improved-diffusion's `normal_kl`).
/// - Parameters:
///   - mean1: μ₁.
///   - logVariance1: log σ₁².
///   - mean2: μ₂.
///   - logVariance2: log σ₂².
/// - Returns: The KL in nats.
public func gaussianKL(mean1: Double, logVariance1: Double, mean2: Double, logVariance2: Double) -> Double {
    let d = mean1 - mean2
    return 0.5 * (-1 + logVariance2 - logVariance1 + exp(logVariance1 - logVariance2) + d * d * exp(-logVariance2))
}

/// The KL between two diagonal Gaussians, summed over dimensions.
/// KL(N(μ₁, diag e^{logVar₁}) ‖ N(μ₂, diag e^{logVar₂})), in nats (Ho et al. 2020, eq. 5).
/// - Parameters:
///   - means1: μ₁, one value per dimension.
///   - logVariances1: log σ₁², one per dimension.
///   - means2: μ₂, one per dimension.
///   - logVariances2: log σ₂², one per dimension.
/// - Returns: The sum over dimensions of the one-dimensional KL.
public func gaussianKL(means1: [Double], logVariances1: [Double], means2: [Double], logVariances2: [Double]) -> Double {
    precondition(means1.count == logVariances1.count && means1.count == means2.count && means2.count == logVariances2.count,
                 "Both Gaussians need one mean and one log-variance per dimension.")
    return means1.indices.reduce(0) { sum, i in
        sum + gaussianKL(mean1: means1[i], logVariance1: logVariances1[i], mean2: means2[i], logVariance2: logVariances2[i])
    }
}
