/// The mean training loss at one time step t.
public struct TimestepLoss: Sendable, Equatable {
    /// Paper time, 1…T.
    public let t: Int
    /// Mean of ℓ(ε̂ − ε) over the evaluation set's values at this t.
    public let loss: Double

    /// The loss `loss` at step `t`.
    public init(t: Int, loss: Double) {
        self.t = t
        self.loss = loss
    }
}

extension NoisePredictor {
    /// L_simple (Ho et al. 2020, eq. 14) at each fixed t: for one evaluation set x₀ and one
    /// draw of noise ε (seeded, shared by every t), x_t = √ᾱ_t x₀ + √(1 − ᾱ_t) ε and the mean
    /// of ℓ(ε̂(x_t, t) − ε) over all values. `times` picks the steps (all of 1…T by default).
    /// The curve behind a "loss per t" figure: high where x_t barely differs from x₀, low
    /// where it is almost pure noise.
    /// - Parameters:
    ///   - data: Held-out points x_0.
    ///   - seed: The seed of the noise ε.
    ///   - loss: ℓ, squared error by default (L_simple, Ho et al. 2020, eq. 14).
    ///   - times: The t to evaluate (nil: 1…T).
    /// - Returns: The mean loss at each t, in increasing t.
    public func lossPerTimestep(data: [SIMD2<Double>], seed: UInt64, loss: LossKind = .l2,
                                times: [Int]? = nil) -> [TimestepLoss] {
        precondition(!data.isEmpty, "The evaluation set must not be empty.")
        let x0 = data.flattened
        var rng = Xoshiro256(seed: seed)
        let noise = rng.gaussians(x0.count)
        return (times ?? Array(schedule.steps)).map { t in
            let xt = schedule.qSample(x0: x0, t: t, noise: noise)
            let prediction = predictNoise(xt: xt, t: t, dimension: 2)
            return TimestepLoss(t: t, loss: loss.mean(prediction: prediction, noise: noise))
        }
    }
}
