/// An exponential moving average of the weights, θ_EMA ← d · θ_EMA + (1 − d) · θ after
/// every optimizer step (Polyak & Juditsky 1992 averaging in its exponential form; Ho et al.
/// 2020, Appendix B, sample with such an average, d = 0.9999). Samples come from θ_EMA,
/// which smooths the last steps' noise out of the weights.
struct ExponentialMovingAverage {
    /// d, the weight of the old average.
    let decay: Float

    /// Updates the average of the parameters in `range`.
    func update(_ range: Range<Int>, average: UnsafeMutablePointer<Float>, parameters: UnsafePointer<Float>) {
        let keep = decay, take = 1 - decay
        for i in range {
            average[i] = keep * average[i] + take * parameters[i]
        }
    }
}
