/// The mean training loss at one time step t.
public struct TimestepLoss: Sendable, Equatable {
    /// Paper time, 1…T.
    public let t: Int
    /// Mean of ℓ(ε̂ − ε) over the evaluation set's values at this t.
    public let loss: Double
    /// The standard error of `loss` over the evaluation set's points (the standard deviation of
    /// each point's mean loss over its d values, over √n), when it was measured.
    public let standardError: Double?

    /// The loss `loss` at step `t`, with its standard error where it is known.
    public init(t: Int, loss: Double, standardError: Double? = nil) {
        self.t = t
        self.loss = loss
        self.standardError = standardError
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
    /// - Returns: The mean loss at each t, in increasing t, with its standard error over the points.
    public func lossPerTimestep(data: [SIMD2<Double>], seed: UInt64, loss: LossKind = .l2,
                                times: [Int]? = nil) -> [TimestepLoss] {
        precondition(!data.isEmpty, "The evaluation set must not be empty.")
        let x0 = data.flattened
        var rng = Xoshiro256(seed: seed)
        let noise = rng.gaussians(x0.count)
        return (times ?? Array(schedule.steps)).map { t in
            let xt = schedule.qSample(x0: x0, t: t, noise: noise)
            let prediction = predictNoise(xt: xt, t: t, dimension: 2)
            // each point's loss, the mean over its 2 values, so the standard error is over points
            let perPoint = data.indices.map { i in
                loss.mean(prediction: Array(prediction[2 * i ..< 2 * i + 2]), noise: Array(noise[2 * i ..< 2 * i + 2]))
            }
            let mean = loss.mean(prediction: prediction, noise: noise)
            let standardError = data.count > 1 ? (Moments.variance(perPoint) / Double(data.count)).squareRoot() : nil
            return TimestepLoss(t: t, loss: mean, standardError: standardError)
        }
    }
}
