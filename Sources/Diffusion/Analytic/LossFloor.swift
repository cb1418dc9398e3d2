/// A Monte Carlo estimate of the lowest achievable L_simple at one t.
public struct LossFloorEstimate: Sendable, Equatable {
    /// The paper time step (1…T).
    public let t: Int
    /// The estimate of E‖ε − ε*(x_t, t)‖² / d, the mean squared error per value.
    public let mean: Double
    /// The standard error of `mean` (the sample standard deviation over √n).
    public let standardError: Double
    /// n, the number of draws.
    public let samples: Int
}

extension IdealDenoiser {
    /// The floor of Ho et al. 2020's L_simple at time t, per value, for data from this
    /// mixture: E_{x_0, ε} ‖ε − ε*(x_t, t)‖² / d with x_t = √ᾱ_t x_0 + √(1 − ᾱ_t) ε (eq. 14).
    ///
    /// It is the Bayes error, not 0: x_t does not determine ε, and ε* = E[ε | x_t] leaves
    /// the conditional variance of ε. No network can score below it in expectation.
    ///
    /// Estimator: n independent draws x_0 ~ mixture and ε ~ N(0, I), each giving
    /// ℓ_i = ‖ε_i − ε*(x_t,i)‖² / d; the estimate is their mean, unbiased, with standard error
    /// std(ℓ)/√n. Draws come from stream t of `seed`, so each t's estimate is the same
    /// whichever other t are estimated.
    /// - Parameters:
    ///   - t: A paper time step, 1…T.
    ///   - samples: n, the number of draws.
    ///   - seed: The seed of the draws.
    /// - Returns: The mean and its standard error.
    public func lossFloor(t: Int, samples: Int, seed: UInt64) -> LossFloorEstimate {
        precondition(samples >= 2, "A Monte Carlo estimate with a standard error needs at least 2 samples.")
        // 1. draw x_0 ~ mixture and ε ~ N(0, I) from stream t (index(t) checks t is in 1…T)
        var rng = Xoshiro256(seed: seed, stream: UInt64(schedule.index(t) + 1))
        let x0 = mixture.sample(count: samples, using: &rng).flattened
        let eps = rng.gaussians(x0.count)
        // 2. x_t (eq. 4) and the ideal prediction ε*(x_t, t)
        let optimal = predictNoise(xt: schedule.qSample(x0: x0, t: t, noise: eps), t: t, dimension: 2)
        // 3. the mean of the per-draw losses and its standard error
        var sum = 0.0, sumOfSquares = 0.0
        for i in 0..<samples {
            let dx = eps[2 * i] - optimal[2 * i], dy = eps[2 * i + 1] - optimal[2 * i + 1]
            let loss = (dx * dx + dy * dy) / 2
            sum += loss
            sumOfSquares += loss * loss
        }
        let n = Double(samples), mean = sum / n
        let variance = max(0, (sumOfSquares - n * mean * mean) / (n - 1))
        return LossFloorEstimate(t: t, mean: mean, standardError: (variance / n).squareRoot(), samples: samples)
    }
}
