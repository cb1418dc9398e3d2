import Foundation

/// A mixture of isotropic 2D Gaussians with equal weights: p(x) = (1/K) Σ_k N(x; μ_k, s² I).
/// The ring of 8 Gaussians is one; because q(x_t) of such data is again a mixture, the
/// ideal denoiser has a closed form (see `Analytic/`).
public struct GaussianMixture: Sendable, Equatable {
    /// μ_k, the component means.
    public let means: [SIMD2<Double>]
    /// s, the standard deviation of every component along each axis.
    public let standardDeviation: Double

    /// An equal-weight mixture of isotropic Gaussians.
    /// - Parameters:
    ///   - means: μ_k, one per component, at least one.
    ///   - standardDeviation: s, positive.
    public init(means: [SIMD2<Double>], standardDeviation: Double) {
        precondition(!means.isEmpty, "A mixture needs at least one component.")
        precondition(standardDeviation > 0, "A component's standard deviation must be positive.")
        self.means = means
        self.standardDeviation = standardDeviation
    }

    /// K components evenly spaced on a circle of the given radius.
    /// - Parameters:
    ///   - components: K.
    ///   - radius: The circle's radius.
    ///   - standardDeviation: s of every component.
    /// - Returns: The mixture.
    public static func ring(components: Int = 8, radius: Double = 1, standardDeviation: Double = 0.1) -> GaussianMixture {
        let means = (0..<components).map { k -> SIMD2<Double> in
            let angle = 2 * Double.pi * Double(k) / Double(components)
            return SIMD2(radius * cos(angle), radius * sin(angle))
        }
        return GaussianMixture(means: means, standardDeviation: standardDeviation)
    }

    /// `count` draws: a component uniformly at random, then a Gaussian around its mean.
    /// - Parameters:
    ///   - count: How many points.
    ///   - rng: The generator.
    /// - Returns: `count` points.
    public func sample(count: Int, using rng: inout Xoshiro256) -> [SIMD2<Double>] {
        (0..<count).map { _ in
            let mean = means[rng.integer(in: 0...(means.count - 1))]
            return mean + standardDeviation * SIMD2(rng.gaussian(), rng.gaussian())
        }
    }

    /// `count` draws with the component each came from, as training data for a
    /// class-conditional model: a component uniformly at random, then a Gaussian around it.
    public func sampleWithComponents(count: Int, using rng: inout Xoshiro256) -> (points: [SIMD2<Double>], components: [Int]) {
        var points: [SIMD2<Double>] = [], components: [Int] = []
        for _ in 0..<count {
            let k = rng.integer(in: 0...(means.count - 1))
            points.append(means[k] + standardDeviation * SIMD2(rng.gaussian(), rng.gaussian()))
            components.append(k)
        }
        return (points, components)
    }

    /// log p(x) of the mixture with every mean scaled by `meanScale` and every component's
    /// variance set to `variance` (default s²): log Σ_k (1/K) N(x; c μ_k, v I), by a stable
    /// log-sum-exp. The defaults give the data density itself; the ideal denoiser reads q(x_t)
    /// with c = √ᾱ_t and v = ᾱ_t s² + 1 − ᾱ_t.
    /// - Parameters:
    ///   - x: The point.
    ///   - meanScale: c, which scales every mean.
    ///   - variance: v, every component's variance per axis (nil: s²).
    /// - Returns: The log-density at `x`.
    public func logDensity(_ x: SIMD2<Double>, meanScale: Double = 1, variance: Double? = nil) -> Double {
        let variance = variance ?? standardDeviation * standardDeviation
        let logits = means.map { mean -> Double in
            let d = x - meanScale * mean
            return -(d * d).sum() / (2 * variance)
        }
        let largest = logits.max()!
        let sum = logits.reduce(0) { $0 + exp($1 - largest) }
        return largest + log(sum) - log(Double(logits.count)) - log(2 * Double.pi * variance)
    }
}
