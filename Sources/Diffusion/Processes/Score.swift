import Foundation

/// The score view of a noise predictor: ε and ∇ log q_t are the same thing up to a scale.
extension NoiseSchedule {
    /// The score a noise prediction implies, s(x_t, t) = −ε̂(x_t, t) / √(1 − ᾱ_t): the
    /// gradient of log q(x_t | x_0) is −ε/√(1 − ᾱ_t), and averaging over x_0 given x_t turns
    /// ε into the minimum-MSE ε* and the conditional score into ∇ log q(x_t) (Vincent 2011,
    /// §4.2; Song et al. 2021, "Score-Based Generative Modeling through SDEs", eq. 7 and
    /// Appendix B for the VP kernel; Ho et al. 2020, §3.2).
    /// - Parameters:
    ///   - eps: ε (or ε̂) at x_t.
    ///   - t: A paper time step, 1…T.
    /// - Returns: −ε/√(1 − ᾱ_t).
    public func score(fromNoise eps: [Double], t: Int) -> [Double] {
        let scale = -1 / sqrtOneMinusAlphaBar(t)
        return eps.map { scale * $0 }
    }

    /// Tweedie's formula (Efron 2011, eq. 2.8) for x_t = √ᾱ_t x_0 + √(1 − ᾱ_t) ε:
    ///
    ///     E[x_0 | x_t] = (x_t + (1 − ᾱ_t) ∇ log q(x_t)) / √ᾱ_t,
    ///
    /// which with the score of `score(fromNoise:t:)` is x̂_0 of Ho et al. 2020, eq. 4 solved
    /// for x_0 (`predictX0`): the denoiser's guess is the posterior mean.
    /// - Parameters:
    ///   - xt: x_t.
    ///   - score: ∇ log q_t at x_t, as many values.
    ///   - t: A paper time step, 1…T.
    /// - Returns: E[x_0 | x_t].
    public func tweedieX0(xt: [Double], score: [Double], t: Int) -> [Double] {
        precondition(xt.count == score.count, "x_t and its score must have the same number of values.")
        let variance = 1 - alphaBar(t), signal = sqrtAlphaBar(t)
        return zip(xt, score).map { ($0 + variance * $1) / signal }
    }

    /// σ_t = √((1 − ᾱ_t)/ᾱ_t), the noise level of x̄ = x_t/√ᾱ_t = x_0 + σ_t ε, the time
    /// variable of the probability-flow ODE dx̄/dσ = ε(x_t, t) (Song et al. 2021, DDIM,
    /// eq. 14; Karras et al. 2022, Table 1, "VP" column). σ_0 = 0.
    /// - Parameter t: A paper time step, 0…T.
    /// - Returns: σ_t.
    public func odeSigma(_ t: Int) -> Double {
        t == 0 ? 0 : ((1 - alphaBar(t)) / alphaBar(t)).squareRoot()
    }

    /// The t in 1…T whose σ_t is nearest `sigma` in log σ (σ_t rises with t), for time
    /// grids chosen in σ or in log-SNR and then run on the schedule's own steps.
    /// - Parameter sigma: A noise level σ > 0.
    /// - Returns: The step of 1…T nearest in log σ.
    public func nearestStep(sigma: Double) -> Int {
        precondition(sigma > 0, "Only a positive σ has a nearest step in 1…T.")
        let target = log(sigma)
        var best = 1, bestGap = Double.infinity
        for t in steps {
            let gap = abs(log(odeSigma(t)) - target)
            if gap < bestGap { (best, bestGap) = (t, gap) }
        }
        return best
    }
}
