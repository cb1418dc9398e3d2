import Foundation

/// Annealed Langevin dynamics, Song & Ermon 2019 ("Generative Modeling by Estimating
/// Gradients of the Data Distribution"), Algorithm 1, sampling with the score alone: down a
/// ladder of noise levels, at each level a fixed number of Langevin steps
///
///     x ← x + (α_i/2) s(x, σ_i) + √α_i z,   z ~ N(0, I),   α_i = ε σ_i²/σ_L²,
///
/// whose stationary law for small α_i is the noisy distribution of that level. Here the
/// levels are time steps t_1 > … > t_L of the VP schedule, the score is the predictor's
/// s = −ε̂/√(1 − ᾱ_t), and σ_i² is the noise variance 1 − ᾱ_{t_i} of the level, so the step
/// size keeps the ratio α_i/σ_i² of Algorithm 1. The result is a sample of q_{t_L}; with
/// t_L = 1 on the linear schedule that is the data blurred by σ = 0.01, as in the paper.
public struct AnnealedLangevinSampler: Sendable {
    /// The schedule whose noise levels the ladder climbs down.
    public let schedule: NoiseSchedule
    /// t_1 > … > t_L, the noise levels in paper time.
    public let levels: [Int]
    /// T in Algorithm 1: Langevin steps per level.
    public let stepsPerLevel: Int
    /// ε in Algorithm 1: the step size α_L at the last level.
    public let stepSize: Double

    /// A ladder of Langevin runs (Song & Ermon 2019, Algorithm 1).
    /// - Parameters:
    ///   - schedule: The schedule the predictor was trained on.
    ///   - levels: t_1 > … > t_L, steps of 1…T.
    ///   - stepsPerLevel: Langevin steps at each level, at least 1.
    ///   - stepSize: ε, the step size at the last level, positive.
    public init(schedule: NoiseSchedule, levels: [Int], stepsPerLevel: Int, stepSize: Double) {
        precondition(!levels.isEmpty && zip(levels, levels.dropFirst()).allSatisfy { $0 > $1 },
                     "The noise levels must run strictly down in time.")
        precondition(levels.allSatisfy { schedule.steps.contains($0) }, "Every noise level must be a step of 1…\(schedule.timesteps).")
        precondition(stepsPerLevel >= 1 && stepSize > 0 && stepSize.isFinite, "Langevin needs at least one step per level and a positive step size.")
        self.schedule = schedule
        self.levels = levels
        self.stepsPerLevel = stepsPerLevel
        self.stepSize = stepSize
    }

    /// L levels with √(1 − ᾱ_t) spaced geometrically from that of t = T down to that of
    /// t = 1 (Song & Ermon 2019, §5: a geometric sequence of σ), each rounded to the
    /// nearest step and kept once.
    /// - Parameters:
    ///   - count: L, the number of levels asked for.
    ///   - schedule: The schedule.
    /// - Returns: At most `count` descending steps.
    public static func geometricLevels(count: Int, schedule: NoiseSchedule) -> [Int] {
        precondition(count >= 2, "A ladder needs at least two levels.")
        let noise = (1...schedule.timesteps).map { (1 - schedule.alphaBar($0)).squareRoot() }
        let top = log(noise.last!), bottom = log(noise.first!)
        var result: [Int] = []
        for i in 0..<count {
            let target = top + Double(i) / Double(count - 1) * (bottom - top)
            let t = noise.indices.min { abs(log(noise[$0]) - target) < abs(log(noise[$1]) - target) }! + 1
            if result.last.map({ t < $0 }) ?? true { result.append(t) }
        }
        return result
    }

    /// α_i = ε (1 − ᾱ_{t_i}) / (1 − ᾱ_{t_L}) for each level.
    public var levelStepSizes: [Double] {
        let last = 1 - schedule.alphaBar(levels.last!)
        return levels.map { stepSize * (1 - schedule.alphaBar($0)) / last }
    }

    /// Calls of the predictor per run: L × steps per level.
    public var modelCalls: Int { levels.count * stepsPerLevel }

    /// One Langevin step, x + (α/2) s + √α z (Song & Ermon 2019, Algorithm 1, line 6).
    /// - Parameters:
    ///   - x: The state.
    ///   - score: ∇ log q at `x`, one value per value of `x`.
    ///   - alpha: α, the step size.
    ///   - noise: z, standard normal, one value per value of `x`.
    /// - Returns: The next state.
    public static func step(x: [Double], score: [Double], stepSize alpha: Double, noise: [Double]) -> [Double] {
        precondition(x.count == score.count && x.count == noise.count, "x, its score and the noise must have the same number of values.")
        let root = alpha.squareRoot()
        return (0..<x.count).map { x[$0] + 0.5 * alpha * score[$0] + root * noise[$0] }
    }

    /// Runs the ladder for `count` samples from x_T ~ N(0, I) (a draw of q_{t_1} when
    /// ᾱ_{t_1} ≈ 0); sample i draws its start and every z from noise stream i of `seed`, as
    /// DDPM does.
    /// - Parameters:
    ///   - predictor: ε_θ, whose −ε̂/√(1 − ᾱ_t) is the score.
    ///   - count: The number of samples.
    ///   - dimension: Values per sample.
    ///   - seed: The seed of the noise streams.
    /// - Returns: The samples, flat.
    public func run(predictor: some NoisePredictor, count: Int, dimension: Int, seed: UInt64) -> SamplingResult {
        precondition(predictor.schedule == schedule, "The predictor and the sampler must use the same noise schedule.")
        var streams = NoiseStreams(count: count, seed: seed)
        var x = [Double](repeating: 0, count: count * dimension)
        streams.fill(&x, dimension: dimension)
        var noise = x
        for (t, alpha) in zip(levels, levelStepSizes) {
            let scale = -1 / schedule.sqrtOneMinusAlphaBar(t), half = 0.5 * alpha, root = alpha.squareRoot()
            for _ in 0..<stepsPerLevel {
                let eps = predictor.predictNoise(xt: x, t: t, dimension: dimension)
                streams.fill(&noise, dimension: dimension)
                // x + (α/2) s + √α z with s = −ε̂/√(1 − ᾱ_t)
                for j in x.indices { x[j] += half * scale * eps[j] + root * noise[j] }
            }
        }
        return SamplingResult(samples: x, dimension: dimension, trajectory: [])
    }
}
