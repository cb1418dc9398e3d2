/// A Monte Carlo estimate of a differential entropy, in nats.
public struct EntropyEstimate: Sendable, Equatable {
    /// The estimate of H = −E log p(x) for the whole 2D point (divide by 2 for nats per dimension).
    public let nats: Double
    /// The standard error of `nats`.
    public let standardError: Double
    /// The number of draws.
    public let samples: Int
}

extension GaussianMixture {
    /// H(p) = −E_{x∼p} log p(x), estimated with `samples` draws and the exact mixture density:
    /// the least −E log p_θ(x_0) any model can reach (Gibbs' inequality), so every variational
    /// bound of a model of this data lies above it.
    /// - Parameters:
    ///   - samples: The number of draws.
    ///   - seed: The seed of the draws.
    /// - Returns: The estimate with its standard error.
    public func entropy(samples: Int, seed: UInt64) -> EntropyEstimate {
        precondition(samples >= 2, "A Monte Carlo estimate with a standard error needs at least 2 samples.")
        var rng = Xoshiro256(seed: seed)
        let values = sample(count: samples, using: &rng).map { -logDensity($0) }
        return EntropyEstimate(nats: Moments.mean(values), standardError: (Moments.variance(values) / Double(samples)).squareRoot(),
                               samples: samples)
    }
}
