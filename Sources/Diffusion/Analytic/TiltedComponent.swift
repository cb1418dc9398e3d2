import Foundation

/// The density classifier-free guidance tilts toward, at the data itself (t = 0):
/// p(x | k)^{1+w} p(x)^{−w} ∝ p(x | k) p(k | x)^w for an equal-weight `GaussianMixture`
/// (Ho & Salimans 2022, §3.2, with the implicit classifier p(k | x) = p(x | k) p(k) / p(x)).
/// Its spread and mean come from self-normalized importance sampling (Owen 2013, Monte
/// Carlo theory, §9.2): draws from N(μ_k, s² I) weighted by p(k | x)^w.
public struct TiltedComponent: Sendable, Equatable {
    /// √(E‖x − E x‖² / 2) under the tilted density: the per-axis spread, s at w = 0.
    public let spread: Double
    /// ‖E x − μ_k‖ under the tilted density.
    public let meanShift: Double

    /// The tilted density of component `k` at strength `w`, from `count` draws of `rng`.
    public init(mixture: GaussianMixture, component k: Int, guidanceScale w: Double, count: Int, using rng: inout Xoshiro256) {
        precondition(mixture.means.indices.contains(k) && count >= 2, "A tilted component needs a component and at least two draws.")
        let classifier = MixtureClassifier(mixture: mixture, schedule: NoiseSchedule(.linear, timesteps: 2))
        let mean = mixture.means[k], s = mixture.standardDeviation
        var total = 0.0, first = SIMD2<Double>.zero, second = 0.0
        for _ in 0..<count {
            let x = mean + s * SIMD2(rng.gaussian(), rng.gaussian())
            // the weight p_0(k | x)^w; t = 0 is the data itself, whatever the schedule
            let weight = pow(classifier.probabilities(x, t: 0)[k], w)
            total += weight
            first += weight * x
            second += weight * (x * x).sum()
        }
        let center = first / total
        spread = max(0, (second / total - (center * center).sum()) / 2).squareRoot()
        meanShift = ((center - mean) * (center - mean)).sum().squareRoot()
    }
}
