import Foundation

/// The exact classifier of a noisy sample from an equal-weight `GaussianMixture`, with
/// y = the component it came from. Under the forward process each component stays Gaussian,
/// q_t(x | k) = N(√ᾱ_t μ_k, v_t I) with v_t = ᾱ_t s² + 1 − ᾱ_t, so Bayes' rule gives
///
///     p_t(k | x) = softmax_k(−‖x − √ᾱ_t μ_k‖² / (2 v_t)),
///     ∇_x log p_t(k | x) = ∇ log q_t(x | k) − ∇ log q_t(x) = (√ᾱ_t μ_k − Σ_j p_t(j | x) √ᾱ_t μ_j) / v_t.
///
/// The softmax weights are the responsibilities of `IdealDenoiser`.
public struct MixtureClassifier: NoisyClassifier, Sendable {
    public let mixture: GaussianMixture
    public let schedule: NoiseSchedule

    public init(mixture: GaussianMixture, schedule: NoiseSchedule) {
        (self.mixture, self.schedule) = (mixture, schedule)
    }

    public var classCount: Int { mixture.means.count }

    /// v_t = ᾱ_t s² + 1 − ᾱ_t (t = 0: the data's own s²).
    func componentVariance(t: Int) -> Double {
        let alphaBar = schedule.alphaBar(t), s = mixture.standardDeviation
        return alphaBar * s * s + 1 - alphaBar
    }

    /// p_t(k | x) for k = 0…K − 1, by a stable softmax; t = 0 classifies clean data.
    public func probabilities(_ x: SIMD2<Double>, t: Int) -> [Double] {
        let signal = schedule.alphaBar(t).squareRoot(), precision = 1 / (2 * componentVariance(t: t))
        let logits = mixture.means.map { mean -> Double in
            let d = x - signal * mean
            return -(d * d).sum() * precision
        }
        let largest = logits.max()!
        let weights = logits.map { exp($0 - largest) }
        let total = weights.reduce(0, +)
        return weights.map { $0 / total }
    }

    /// ∇_x log p_t(labels[i] | x) for each 2D point of the flat batch (the dimension must be 2).
    public func logProbabilityGradient(xt: [Double], t: Int, dimension: Int, labels: [Int]) -> [Double] {
        precondition(dimension == 2, "The classifier of a 2D Gaussian mixture needs dimension 2; got \(dimension).")
        precondition(labels.count * 2 == xt.count, "A batch of \(xt.count / 2) points needs as many labels.")
        let signal = schedule.alphaBar(t).squareRoot(), variance = componentVariance(t: t)
        let centers = mixture.means.map { signal * $0 }
        var output = [Double](repeating: 0, count: xt.count)
        for (i, label) in labels.enumerated() {
            precondition((0..<classCount).contains(label), "Every label must lie in 0…\(classCount - 1).")
            let p = probabilities(SIMD2(xt[2 * i], xt[2 * i + 1]), t: t)
            // (√ᾱ_t μ_y − Σ_j p_j √ᾱ_t μ_j) / v_t
            let mean = zip(p, centers).reduce(SIMD2<Double>.zero) { $0 + $1.0 * $1.1 }
            let gradient = (centers[label] - mean) / variance
            (output[2 * i], output[2 * i + 1]) = (gradient.x, gradient.y)
        }
        return output
    }
}
