import Foundation

/// The non-Markovian forward processes of Song et al. 2021 (DDIM), §3 and §4.2.
///
/// For every choice of σ, eq. 7 defines
///
///     q_σ(x_{t−1} | x_t, x_0) = N(√ᾱ_{t−1} x_0 + √(1 − ᾱ_{t−1} − σ_t²) · (x_t − √ᾱ_t x_0)/√(1 − ᾱ_t), σ_t² I),
///
/// and Lemma 1 (Appendix B) shows that, started from q(x_T | x_0) = N(√ᾱ_T x_0, (1 − ᾱ_T) I), it
/// keeps every marginal q_σ(x_t | x_0) = N(√ᾱ_t x_0, (1 − ᾱ_t) I), the marginals of DDPM. The
/// same holds on a sub-sequence τ_1 < … < τ_S with t − 1 replaced by the previous τ (§4.2,
/// Appendix C.1), which is why a sampler may skip steps. σ_t = σ_t(η) of eq. 16; η = 1 gives
/// DDPM's posterior (Ho et al. 2020, eq. 7), η = 0 a process that is deterministic given x_0 and x_T.
extension NoiseSchedule {
    /// Song et al. 2021, eq. 7 (with `previous` any earlier step, §4.2): the mean of
    /// q_σ(x_previous | x_t, x_0), √ᾱ_prev x_0 + √(1 − ᾱ_prev − σ²) (x_t − √ᾱ_t x_0)/√(1 − ᾱ_t).
    /// - Parameters:
    ///   - x0: x_0.
    ///   - xt: x_t, as many values.
    ///   - t: The later step, 1…T.
    ///   - previous: The earlier step, 0…t − 1.
    ///   - sigma: σ of the step.
    /// - Returns: The mean of x_previous.
    public func ddimForwardMean(x0: [Double], xt: [Double], from t: Int, to previous: Int, sigma: Double) -> [Double] {
        precondition(x0.count == xt.count, "x_0 and x_t must have the same number of values.")
        precondition(previous < t, "q_σ steps down in time; got \(t) → \(previous).")
        let alphaBarPrev = alphaBar(previous), signal = sqrtAlphaBar(t), noiseRate = sqrtOneMinusAlphaBar(t)
        let direction = max(0, 1 - alphaBarPrev - sigma * sigma).squareRoot()
        return zip(x0, xt).map { alphaBarPrev.squareRoot() * $0 + direction * ($1 - signal * $0) / noiseRate }
    }

    /// Draws x_{τ_S} ~ q(x_{τ_S} | x_0) (eq. 4) and steps down the sub-sequence with q_σ of
    /// eq. 7, σ = σ(η) of eq. 16, then compares x_t at every visited τ with the marginal
    /// N(√ᾱ_t x_0, (1 − ᾱ_t) I) that DDPM's forward process has (Lemma 1).
    /// - Parameters:
    ///   - x0: x_0, any number of values.
    ///   - taus: τ_1 < … < τ_S.
    ///   - eta: η of eq. 16.
    ///   - seed: The seed of the draws.
    /// - Returns: One comparison per visited τ.
    public func ddimForwardMarginals(x0: [Double], timesteps taus: [Int], eta: Double, seed: UInt64) -> [MarginalComparison] {
        precondition(!taus.isEmpty && zip(taus, taus.dropFirst()).allSatisfy { $0 < $1 } && taus[0] >= 1 && taus.last! <= timesteps,
                     "The sub-sequence must rise strictly inside 1…T.")
        precondition(x0.count >= 2, "A variance needs at least two values.")
        var rng = Xoshiro256(seed: seed)
        var x = qSample(x0: x0, t: taus.last!, noise: rng.gaussians(x0.count))
        var rows = [compare(x, x0: x0, t: taus.last!)]
        for i in stride(from: taus.count - 1, to: 0, by: -1) {
            let t = taus[i], previous = taus[i - 1]
            let sigma = ReverseStep.ddimSigma(schedule: self, from: t, to: previous, eta: eta)
            let mean = ddimForwardMean(x0: x0, xt: x, from: t, to: previous, sigma: sigma)
            let z = rng.gaussians(x0.count)
            x = zip(mean, z).map { $0 + sigma * $1 }
            rows.append(compare(x, x0: x0, t: previous))
        }
        return rows
    }

    /// The residual r = x_t − √ᾱ_t x_0 has mean 0 and variance 1 − ᾱ_t under the marginal.
    private func compare(_ x: [Double], x0: [Double], t: Int) -> MarginalComparison {
        let n = Double(x.count), expectedVariance = 1 - alphaBar(t), signal = sqrtAlphaBar(t)
        var sum = 0.0, sumOfSquares = 0.0
        for (value, start) in zip(x, x0) {
            let r = value - signal * start
            sum += r
            sumOfSquares += r * r
        }
        let mean = sum / n
        return MarginalComparison(t: t, meanErrorInStandardErrors: mean / (expectedVariance / n).squareRoot(),
                                  varianceRatio: sumOfSquares / n / expectedVariance)
    }
}

/// Empirical q(x_t | x_0) against N(√ᾱ_t x_0, (1 − ᾱ_t) I) at one step.
public struct MarginalComparison: Sendable, Equatable {
    /// The paper time step of the comparison.
    public let t: Int
    /// The mean of x_t − √ᾱ_t x_0 over all values, in standard errors √((1 − ᾱ_t)/n): |·| ≲ 2 by chance.
    public let meanErrorInStandardErrors: Double
    /// (1/n) Σ (x_t − √ᾱ_t x_0)² / (1 − ᾱ_t): 1 when the variance matches.
    public let varianceRatio: Double
}
