import Foundation

/// One term of the variational bound at step t, in nats per dimension, estimated by Monte Carlo.
public struct BoundTerm: Sendable, Equatable {
    /// The paper time step (1…T): the term is L_{t−1}, or the decoder term L_0 at t = 1.
    public let t: Int
    /// E (ε − ε̂)² per value at this t: the L_simple of this t.
    public let meanSquaredError: Double
    /// The term itself, nats per dimension.
    public let nats: Double
    /// The standard error of `nats` over the draws.
    public let standardError: Double
}

/// The variational bound of Ho et al. 2020, eq. 5 (Sohl-Dickstein et al. 2015), per dimension:
/// E[−log p_θ(x_0)] ≤ L = L_T + Σ_{t=2}^T L_{t−1} + L_0, with
/// L_T = KL(q(x_T | x_0) ‖ N(0, I)), L_{t−1} = KL(q(x_{t−1} | x_t, x_0) ‖ p_θ(x_{t−1} | x_t)) and
/// L_0 = −log p_θ(x_0 | x_1), all averaged over x_0 and the forward process.
///
/// The decoder p_θ(x_0 | x_1) is a Gaussian N(μ_θ(x_1, 1), β_1 I) for both variance choices
/// (β̃_1 = 0 has no density). The data here are continuous, so L bounds a differential
/// entropy; Ho et al.'s discrete decoder for 8-bit images (eq. 13) would not apply.
public struct VariationalBound: Sendable {
    /// σ_t², β_t or β̃_t, of the reverse steps the bound scores.
    public let variance: ReverseVariance
    /// L_T, nats per dimension (exact in x_0's second moment, which is estimated).
    public let priorTerm: Double
    /// t = 1…T: terms[0] is L_0, terms[t − 1] is L_{t−1}.
    public let terms: [BoundTerm]

    /// L_0.
    public var decoderTerm: Double { terms[0].nats }
    /// Σ_{t=2}^T L_{t−1}.
    public var diffusionTerms: Double { terms.dropFirst().reduce(0) { $0 + $1.nats } }
    /// L = L_T + Σ L_{t−1} + L_0, nats per dimension.
    public var total: Double { priorTerm + decoderTerm + diffusionTerms }
    /// The standard error of `total` (every t draws its own x_t, so the terms are independent).
    public var standardError: Double { terms.reduce(0) { $0 + $1.standardError * $1.standardError }.squareRoot() }

    /// The same bound for σ_t² = `choice` (t ≥ 2), from the squared errors by eq. 12:
    /// L_T + L_0 + Σ_{t≥2} (C_t + λ_t E(ε − ε̂)²).
    /// - Parameters:
    ///   - choice: σ_t² for t ≥ 2.
    ///   - schedule: The schedule of the terms.
    /// - Returns: L, nats per dimension.
    public func total(variance choice: ReverseVariance, schedule: NoiseSchedule) -> Double {
        priorTerm + decoderTerm + terms.dropFirst().reduce(0) { sum, term in
            sum + schedule.vlbConstant(t: term.t, variance: choice) + schedule.vlbWeight(t: term.t, variance: choice) * term.meanSquaredError
        }
    }
}

extension IdealDenoiser {
    /// Estimates the bound (eq. 5, per dimension) of `predictor` on this mixture's data, with
    /// σ_t² = `variance` for t ≥ 2.
    ///
    /// Each term is eq. 12, C_t + λ_t E‖ε − ε̂‖²/d (t ≥ 2), or for the Gaussian decoder
    /// L_0 = ½ log(2π β_1) + E(x_0 − μ_θ(x_1, 1))²/(2β_1) = ½ log(2π β_1) + E(ε − ε̂)²/(2α_1).
    /// The expectation over ε given x_t is taken exactly (Rao–Blackwell): with ε* the ideal
    /// prediction, E[‖ε − ε̂‖² | x_t] = tr Cov(ε | x_t) + ‖ε* − ε̂‖² (`noiseVariance`), so only
    /// x_t is drawn: `samplesPerStep` draws of x_t = √ᾱ_t x_0 + √(1 − ᾱ_t) ε (eq. 4) from
    /// stream t of `seed`. L_T comes from the data's exact second moment.
    /// - Parameters:
    ///   - predictor: ε_θ, on this denoiser's schedule.
    ///   - samplesPerStep: Draws of x_t at each t, at least 2.
    ///   - seed: The seed of the draws.
    ///   - variance: σ_t², β_t or β̃_t.
    /// - Returns: Every term with its standard error.
    public func variationalBound(of predictor: any NoisePredictor, samplesPerStep: Int, seed: UInt64,
                                 variance: ReverseVariance) -> VariationalBound {
        precondition(samplesPerStep >= 2, "A Monte Carlo estimate with a standard error needs at least 2 draws per step.")
        precondition(predictor.schedule == schedule, "The predictor must use the schedule of the data's ideal denoiser.")
        let terms = schedule.steps.map { t -> BoundTerm in
            // 1. x_t ~ q(x_t); the prediction ε̂, the ideal ε* and tr Cov(ε | x_t)
            var rng = Xoshiro256(seed: seed, stream: UInt64(t))
            let x0 = mixture.sample(count: samplesPerStep, using: &rng).flattened
            let xt = schedule.qSample(x0: x0, t: t, noise: rng.gaussians(x0.count))
            let epsHat = predictor.predictNoise(xt: xt, t: t, dimension: 2)
            let ideal = predictNoise(xt: xt, t: t, dimension: 2), spread = noiseVariance(xt: xt, t: t)
            // 2. per draw: E[(ε − ε̂)² | x_t] per value, then the term (eq. 12, or L_0 at t = 1)
            let offset = t == 1 ? 0.5 * log(2 * Double.pi * schedule.beta(1)) : schedule.vlbConstant(t: t, variance: variance)
            let weight = schedule.vlbWeight(t: t, variance: t == 1 ? .beta : variance)
            let squaredErrors = spread.indices.map { i in
                let dx = ideal[2 * i] - epsHat[2 * i], dy = ideal[2 * i + 1] - epsHat[2 * i + 1]
                return (spread[i] + dx * dx + dy * dy) / 2
            }
            // 3. the mean over draws and its standard error
            let meanSquaredError = Moments.mean(squaredErrors)
            let standardError = weight * (Moments.variance(squaredErrors) / Double(samplesPerStep)).squareRoot()
            return BoundTerm(t: t, meanSquaredError: meanSquaredError, nats: offset + weight * meanSquaredError, standardError: standardError)
        }
        // 4. L_T = E KL(N(√ᾱ_T x_0, 1 − ᾱ_T) ‖ N(0, 1)) per value, linear in E x_0² = mean of ‖μ_k‖²/2 + s²
        let secondMoment = mixture.means.reduce(0) { $0 + ($1 * $1).sum() / 2 } / Double(mixture.means.count)
            + mixture.standardDeviation * mixture.standardDeviation
        return VariationalBound(variance: variance, priorTerm: schedule.priorKL(dataScale: secondMoment.squareRoot()), terms: terms)
    }
}

extension NoiseSchedule {
    /// L_{t−1} per value, straight from its definition: KL(q(x_{t−1} | x_t, x_0) ‖ p_θ(x_{t−1} | x_t))
    /// of Ho et al. 2020, eq. 5, between N(μ̃_t(x_t, x_0), β̃_t) (eq. 7) and N(μ_θ(x_t, t), σ_t²)
    /// with μ_θ from ε̂ (eq. 11). Needs t ≥ 2 (β̃_1 = 0). Equal to C_t + λ_t (ε − ε̂)² (eq. 12).
    /// - Parameters:
    ///   - x0: x_0.
    ///   - xt: x_t, as many values.
    ///   - t: A paper time step, 2…T.
    ///   - epsHat: ε̂(x_t, t), as many values.
    ///   - variance: σ_t², β_t or β̃_t.
    /// - Returns: L_{t−1}, nats, one value per value.
    public func reverseStepKL(x0: [Double], xt: [Double], t: Int, epsHat: [Double], variance: ReverseVariance) -> [Double] {
        precondition(t >= 2, "L_{t−1} with t ≥ 2 is a KL; at t = 1 the bound has the decoder term L_0.")
        let posteriorMean = posterior(x0: x0, xt: xt, t: t).mean, modelMean = meanFromEps(xt: xt, t: t, eps: epsHat)
        let logPosteriorVariance = log(betaTilde(t)), logSigma2 = log(reverseVariance(t, variance))
        return zip(posteriorMean, modelMean).map {
            gaussianKL(mean1: $0, logVariance1: logPosteriorVariance, mean2: $1, logVariance2: logSigma2)
        }
    }
}
