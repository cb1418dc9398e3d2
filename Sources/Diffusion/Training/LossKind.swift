/// The loss on each value of ε̂ − ε that L_simple averages. Ho et al. 2020, eq. 14:
/// L_simple = E_{t, x₀, ε} ‖ε − ε_θ(√ᾱ_t x₀ + √(1 − ᾱ_t) ε, t)‖², here averaged over the
/// values of a batch (per dimension, as PyTorch's `.mean()`), with the squared error or
/// one of two robust alternatives.
public enum LossKind: String, CaseIterable, Sendable {
    /// ℓ(d) = d², the loss of eq. 14.
    case l2
    /// ℓ(d) = |d|.
    case l1
    /// Huber's loss with δ = 1 (Huber 1964; PyTorch's smooth L1): ℓ(d) = d²/2 for |d| < 1,
    /// |d| − 1/2 beyond, so large errors pull linearly.
    case huber

    /// ℓ(d) for one difference d = ε̂ − ε.
    @inline(__always)
    func value<F: BinaryFloatingPoint>(_ d: F) -> F {
        switch self {
        case .l2: return d * d
        case .l1: return abs(d)
        case .huber: return abs(d) < 1 ? d * d / 2 : abs(d) - 1 / 2
        }
    }

    /// ℓ′(d), the derivative of `value` (0 at d = 0 for l1).
    @inline(__always)
    func derivative<F: BinaryFloatingPoint>(_ d: F) -> F {
        switch self {
        case .l2: return 2 * d
        case .l1: return d > 0 ? 1 : (d < 0 ? -1 : 0)
        case .huber: return min(max(d, -1), 1)
        }
    }

    /// The mean of ℓ(ε̂_i − ε_i) over all values: L_simple of one batch.
    /// - Parameters:
    ///   - prediction: ε̂, flat.
    ///   - noise: ε, as many values.
    /// - Returns: The mean of ℓ over every value.
    public func mean(prediction: [Double], noise: [Double]) -> Double {
        precondition(prediction.count == noise.count && !noise.isEmpty, "The prediction and the noise need the same, non-zero number of values.")
        return zip(prediction, noise).reduce(0) { $0 + value($1.0 - $1.1) } / Double(noise.count)
    }

    /// Returns Σ ℓ(ε̂_i − ε_i) over `count` values and overwrites ε̂ with
    /// `gradientScale` · ℓ′(ε̂_i − ε_i): the loss's gradient for the backward pass.
    func sumAndGradient(prediction: UnsafeMutablePointer<Float>, noise: UnsafePointer<Float>, count: Int,
                        gradientScale: Float) -> Double {
        var sum = 0.0
        for i in 0..<count {
            let d = prediction[i] - noise[i]
            sum += Double(value(d))
            prediction[i] = gradientScale * derivative(d)
        }
        return sum
    }
}
