import Foundation

extension IdealDenoiser {
    /// The exact score of q_t for the mixture, ∇_x log q(x_t) (t = 0: of the data itself):
    ///
    ///     ∇ log q(x_t) = −Σ_k w_k(x_t) (x_t − √ᾱ_t μ_k) / v_t,
    ///
    /// the gradient of `logDensity` (each component N(√ᾱ_t μ_k, v_t I) contributes its own
    /// Gaussian score −(x − √ᾱ_t μ_k)/v_t, weighted by its responsibility w_k, a softmax of
    /// the component log-densities). Tweedie's formula (Efron 2011, eq. 2.8) turns it into
    /// the ideal noise prediction: ε* = −√(1 − ᾱ_t) ∇ log q(x_t) (Song et al. 2021,
    /// "Score-Based Generative Modeling through SDEs", eq. 7 with the VP kernel).
    /// - Parameters:
    ///   - x: A point x_t.
    ///   - t: A paper time step, 0…T.
    /// - Returns: ∇ log q_t(x).
    public func score(_ x: SIMD2<Double>, t: Int) -> SIMD2<Double> {
        let signal = schedule.alphaBar(t).squareRoot(), variance = componentVariance(t: t)
        let centers = mixture.means.map { signal * $0 }
        let logits = centers.map { c -> Double in -((x - c) * (x - c)).sum() / (2 * variance) }
        let largest = logits.max()!
        var total = 0.0, gradient = SIMD2<Double>(0, 0)
        for k in logits.indices {
            let w = exp(logits[k] - largest)
            total += w
            gradient -= w * (x - centers[k]) / variance
        }
        return gradient / total
    }

    /// `score(_:t:)` for a flat batch of 2D points.
    /// - Parameters:
    ///   - xt: Points x_t, flat.
    ///   - t: A paper time step, 0…T.
    /// - Returns: ∇ log q_t at each point, flat.
    public func score(xt: [Double], t: Int) -> [Double] {
        precondition(xt.count % 2 == 0, "A flat batch of 2D points needs an even number of values.")
        return [SIMD2<Double>](flat: xt).map { score($0, t: t) }.flattened
    }
}
