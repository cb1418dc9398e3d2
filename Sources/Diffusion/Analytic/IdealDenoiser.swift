import Foundation

/// The exact minimum-MSE noise predictor for data from a `GaussianMixture`: what a perfectly
/// trained ε_θ would compute, in closed form.
///
/// With means μ_k and standard deviation s, the forward process keeps the data a mixture:
/// q(x_t) = Σ_k (1/K) N(√ᾱ_t μ_k, v_t I) with v_t = ᾱ_t s² + 1 − ᾱ_t. The best prediction of ε
/// is E[ε | x_t] = −√(1 − ᾱ_t) ∇ log q(x_t) (Tweedie's formula, Efron 2011; the link between
/// ε-prediction and the score that Ho et al. 2020, §3.2 draw to denoising score matching),
/// which here is
///
///     ε*(x_t, t) = √(1 − ᾱ_t) Σ_k w_k(x_t) (x_t − √ᾱ_t μ_k) / v_t,
///
/// with responsibilities w_k = softmax_k(−‖x_t − √ᾱ_t μ_k‖² / (2 v_t)).
public struct IdealDenoiser: NoisePredictor, Sendable {
    /// The data distribution q(x_0).
    public let mixture: GaussianMixture
    /// The forward process.
    public let schedule: NoiseSchedule
    /// The component means as two coordinate arrays, for the inner loop.
    private let meanXs: [Double], meanYs: [Double]

    /// The ideal denoiser of `mixture` under `schedule`.
    /// - Parameters:
    ///   - mixture: The data distribution q(x_0).
    ///   - schedule: The forward process.
    public init(mixture: GaussianMixture, schedule: NoiseSchedule) {
        self.mixture = mixture
        self.schedule = schedule
        meanXs = mixture.means.map(\.x)
        meanYs = mixture.means.map(\.y)
    }

    /// v_t = ᾱ_t s² + 1 − ᾱ_t, the variance of every component of q(x_t) along each axis.
    /// - Parameter t: A paper time step, 0…T.
    /// - Returns: v_t.
    public func componentVariance(t: Int) -> Double {
        let alphaBar = schedule.alphaBar(t), s = mixture.standardDeviation
        return alphaBar * s * s + 1 - alphaBar
    }

    /// log q(x_t) = log Σ_k (1/K) N(x_t; √ᾱ_t μ_k, v_t I), by a stable log-sum-exp.
    /// t = 0 gives the data density itself.
    /// - Parameters:
    ///   - x: A point x_t.
    ///   - t: A paper time step, 0…T.
    /// - Returns: log q(x_t).
    public func logDensity(_ x: SIMD2<Double>, t: Int) -> Double {
        mixture.logDensity(x, meanScale: schedule.alphaBar(t).squareRoot(), variance: componentVariance(t: t))
    }

    /// ε*(x_t, t) for a flat batch of 2D points (the dimension must be 2).
    /// ε*(x_t, t) = E[ε | x_t] = −√(1 − ᾱ_t) ∇ log q(x_t) (Tweedie's formula, Efron 2011).
    /// - Parameters:
    ///   - xt: Points x_t, flat.
    ///   - t: A paper time step, 1…T.
    ///   - dimension: 2.
    /// - Returns: ε*, flat.
    public func predictNoise(xt: [Double], t: Int, dimension: Int) -> [Double] {
        precondition(dimension == 2, "The ideal denoiser of a 2D Gaussian mixture needs dimension 2; got \(dimension).")
        precondition(xt.count % 2 == 0, "A flat batch of 2D points needs an even number of values.")
        let alphaBar = schedule.alphaBar(t)
        let signal = alphaBar.squareRoot(), variance = componentVariance(t: t)
        let scale = (1 - alphaBar).squareRoot() / variance, precision = 1 / (2 * variance)
        let centerXs = meanXs.map { signal * $0 }, centerYs = meanYs.map { signal * $0 }
        let components = centerXs.count
        var logits = [Double](repeating: 0, count: components)
        var output = [Double](repeating: 0, count: xt.count)
        for p in stride(from: 0, to: xt.count, by: 2) {
            let x = xt[p], y = xt[p + 1]
            // 1. logits of the responsibilities, −‖x_t − √ᾱ_t μ_k‖² / (2 v_t), and their maximum
            var largest = -Double.infinity
            for k in 0..<components {
                let dx = x - centerXs[k], dy = y - centerYs[k]
                logits[k] = -(dx * dx + dy * dy) * precision
                largest = max(largest, logits[k])
            }
            // 2. softmax weights (shifted by the maximum) and the weighted centre Σ_k w_k √ᾱ_t μ_k
            var total = 0.0, centerX = 0.0, centerY = 0.0
            for k in 0..<components {
                let w = exp(logits[k] - largest)
                total += w
                centerX += w * centerXs[k]
                centerY += w * centerYs[k]
            }
            // 3. ε* = √(1 − ᾱ_t)/v_t · (x_t − Σ_k w_k √ᾱ_t μ_k)
            output[p] = scale * (x - centerX / total)
            output[p + 1] = scale * (y - centerY / total)
        }
        return output
    }
}
