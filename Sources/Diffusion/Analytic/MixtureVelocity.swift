import Foundation

/// The exact marginal velocity of a Gaussian path when the data is a `GaussianMixture`:
///
///     v*(x, t) = E[u_t | x_t = x] = E[a′_t x_0 + b′_t ε | x_t = x],
///
/// the field flow matching learns (Lipman et al. 2023, eq. 8: the marginal vector field, an
/// average of the conditional ones weighted by how likely each made x). With means μ_k and
/// standard deviation s, given component k the pair (x_0, x_t) is jointly Gaussian, so
/// x_t | k ~ N(a_t μ_k, V_t I) with V_t = a_t² s² + b_t², and (Bishop 2006, eq. 2.116)
///
///     E[x_0 | x_t, k] = μ_k + a_t s²/V_t (x_t − a_t μ_k),    Var(x_0 | x_t, k) = s² b_t²/V_t per axis,
///     E[ε | x_t, k]  = b_t/V_t (x_t − a_t μ_k).
///
/// Weighting by the responsibilities w_k(x) = softmax_k(−‖x − a_t μ_k‖²/(2 V_t)):
///
///     v*(x, t) = Σ_k w_k(x) [a′_t μ_k + (a′_t a_t s² + b′_t b_t)/V_t · (x − a_t μ_k)].
public struct MixtureVelocity: Sendable {
    /// The data distribution q(x_0).
    public let mixture: GaussianMixture
    /// The path that carries it to noise.
    public let path: GaussianPath

    public init(mixture: GaussianMixture, path: GaussianPath) {
        self.mixture = mixture
        self.path = path
    }

    /// The responsibilities w_k(x) of the components of q_t at x (they sum to 1).
    public func responsibilities(_ x: SIMD2<Double>, t: Double) -> [Double] {
        let a = path.signalRate(t), b = path.noiseRate(t), s = mixture.standardDeviation
        let variance = a * a * s * s + b * b
        let logits = mixture.means.map { -(((x - a * $0) * (x - a * $0)).sum()) / (2 * variance) }
        let largest = logits.max()!
        let weights = logits.map { exp($0 - largest) }
        let total = weights.reduce(0, +)
        return weights.map { $0 / total }
    }

    /// v*(x, t) at one point.
    public func velocity(_ x: SIMD2<Double>, t: Double) -> SIMD2<Double> {
        let a = path.signalRate(t), b = path.noiseRate(t), s = mixture.standardDeviation
        let da = path.signalRateDerivative(t), db = path.noiseRateDerivative(t)
        let variance = a * a * s * s + b * b, gain = (da * a * s * s + db * b) / variance
        let weights = responsibilities(x, t: t)
        var v = SIMD2<Double>(0, 0)
        for (w, mu) in zip(weights, mixture.means) { v += w * (da * mu + gain * (x - a * mu)) }
        return v
    }

    /// v*(x, t) for a flat batch of 2D points (the same sums as `velocity(_:t:)`, without
    /// allocating per point: the flow solvers call it millions of times).
    public func velocity(xt: [Double], t: Double) -> [Double] {
        precondition(xt.count % 2 == 0, "A flat batch of 2D points needs an even number of values.")
        let a = path.signalRate(t), b = path.noiseRate(t), s = mixture.standardDeviation
        let da = path.signalRateDerivative(t), db = path.noiseRateDerivative(t)
        let variance = a * a * s * s + b * b, gain = (da * a * s * s + db * b) / variance, precision = 1 / (2 * variance)
        let means = mixture.means, components = means.count
        var logits = [Double](repeating: 0, count: components)
        var output = [Double](repeating: 0, count: xt.count)
        for p in stride(from: 0, to: xt.count, by: 2) {
            let x = SIMD2(xt[p], xt[p + 1])
            // 1. logits of w_k, −‖x − a_t μ_k‖²/(2 V_t), and their maximum
            var largest = -Double.infinity
            for k in 0..<components {
                let d = x - a * means[k]
                logits[k] = -(d * d).sum() * precision
                largest = max(largest, logits[k])
            }
            // 2. Σ_k w_k [a′ μ_k + gain (x − a μ_k)] = gain x + (a′ − gain a) Σ_k w_k μ_k
            var total = 0.0, center = SIMD2<Double>(0, 0)
            for k in 0..<components {
                let w = exp(logits[k] - largest)
                total += w
                center += w * means[k]
            }
            let v = gain * x + (da - gain * a) * center / total
            output[p] = v.x
            output[p + 1] = v.y
        }
        return output
    }

    /// `count` draws of x_0 from the exact posterior q(x_0 | x_t = x): a component k with
    /// probability w_k(x), then N(E[x_0 | x, k], Var(x_0 | x, k) I). Needs b_t > 0.
    public func posteriorSamples(given x: SIMD2<Double>, t: Double, count: Int, using rng: inout Xoshiro256) -> [SIMD2<Double>] {
        let a = path.signalRate(t), b = path.noiseRate(t), s = mixture.standardDeviation
        precondition(b > 0, "The posterior of x_0 given x_t needs noise in x_t (b_t > 0).")
        let variance = a * a * s * s + b * b
        let deviation = (s * s * b * b / variance).squareRoot()
        let weights = responsibilities(x, t: t)
        return (0..<count).map { _ in
            // 1. a component k with probability w_k(x), by inverting the cumulative weights
            var u = rng.uniform(), k = 0
            while k < weights.count - 1 && u >= weights[k] { u -= weights[k]; k += 1 }
            // 2. x_0 from that component's posterior
            let mu = mixture.means[k]
            let mean = mu + a * s * s / variance * (x - a * mu)
            return mean + deviation * SIMD2(rng.gaussian(), rng.gaussian())
        }
    }

    /// The Monte Carlo average of u = a′_t x_0 + b′_t ε over `count` draws of x_0 from the exact
    /// posterior q(x_0 | x_t = x), with ε = (x − a_t x_0)/b_t, and its standard error per axis:
    /// an estimate of v*(x, t) that does not use the closed form's sums.
    public func posteriorAverage(given x: SIMD2<Double>, t: Double, count: Int,
                                 using rng: inout Xoshiro256) -> (mean: SIMD2<Double>, standardError: SIMD2<Double>) {
        precondition(count >= 2, "A mean with a standard error needs at least 2 draws.")
        let a = path.signalRate(t), b = path.noiseRate(t), da = path.signalRateDerivative(t), db = path.noiseRateDerivative(t)
        var sum = SIMD2<Double>(0, 0), sumOfSquares = SIMD2<Double>(0, 0)
        for x0 in posteriorSamples(given: x, t: t, count: count, using: &rng) {
            let u = da * x0 + db * (x - a * x0) / b
            sum += u
            sumOfSquares += u * u
        }
        let n = Double(count), mean = sum / n
        let variance = (sumOfSquares - n * mean * mean) / (n - 1)
        return (mean, (variance / n).squareRoot())
    }
}
