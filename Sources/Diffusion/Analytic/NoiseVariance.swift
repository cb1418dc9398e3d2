import Foundation

extension IdealDenoiser {
    /// tr Cov(ε | x_t) for each 2D point of a flat batch: what even the ideal prediction
    /// ε* = E[ε | x_t] leaves of ‖ε − ε*‖², in expectation over ε given x_t.
    ///
    /// Given x_t, x_0 is a mixture: component k with weight w_k(x_t) (the softmax of
    /// `predictNoise`) and, inside it, N(m_k, c I) with c = s²(1 − ᾱ_t)/v_t and
    /// m_k = μ_k + (s² √ᾱ_t / v_t)(x_t − √ᾱ_t μ_k) (Gaussian conditioning). Since
    /// ε = (x_t − √ᾱ_t x_0)/√(1 − ᾱ_t), Cov(ε | x_t) = ᾱ_t/(1 − ᾱ_t) · Cov(x_0 | x_t), and as
    /// m_k − m_j = ((1 − ᾱ_t)/v_t)(μ_k − μ_j),
    ///
    ///     tr Cov(ε | x_t) = 2 ᾱ_t s²/v_t + ᾱ_t (1 − ᾱ_t)/v_t² · (Σ_k w_k ‖μ_k‖² − ‖Σ_k w_k μ_k‖²).
    ///
    /// Its mean over x_t ~ q(x_t) is 2 × the L_simple floor of `lossFloor`.
    /// - Parameters:
    ///   - xt: Points x_t, flat.
    ///   - t: A paper time step, 1…T.
    /// - Returns: tr Cov(ε | x_t), one value per point.
    public func noiseVariance(xt: [Double], t: Int) -> [Double] {
        precondition(xt.count % 2 == 0, "A flat batch of 2D points needs an even number of values.")
        let alphaBar = schedule.alphaBar(t), variance = componentVariance(t: t), s2 = mixture.standardDeviation * mixture.standardDeviation
        let within = 2 * alphaBar * s2 / variance, between = alphaBar * (1 - alphaBar) / (variance * variance)
        let means = mixture.means, signal = alphaBar.squareRoot(), components = means.count
        let squaredNorms = means.map { ($0 * $0).sum() }
        var logits = [Double](repeating: 0, count: components)
        var output = [Double](repeating: 0, count: xt.count / 2)
        for p in output.indices {
            let x = SIMD2(xt[2 * p], xt[2 * p + 1])
            // 1. responsibilities w_k ∝ exp(−‖x_t − √ᾱ_t μ_k‖² / (2 v_t)), shifted by the largest logit
            var largest = -Double.infinity
            for k in 0..<components {
                let d = x - signal * means[k]
                logits[k] = -(d * d).sum() / (2 * variance)
                largest = max(largest, logits[k])
            }
            // 2. the spread of the means under w: Σ w ‖μ‖² − ‖Σ w μ‖²
            var total = 0.0, centre = SIMD2<Double>(0, 0), square = 0.0
            for k in 0..<components {
                let w = exp(logits[k] - largest)
                total += w
                centre += w * means[k]
                square += w * squaredNorms[k]
            }
            centre /= total
            output[p] = within + between * max(0, square / total - (centre * centre).sum())
        }
        return output
    }
}
