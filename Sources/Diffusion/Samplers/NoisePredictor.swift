/// Anything that predicts the noise ε in x_t = √ᾱ_t x_0 + √(1 − ᾱ_t) ε: a trained network
/// ε_θ(x_t, t) (Ho et al. 2020, eq. 11) or the ideal denoiser of a known distribution.
/// The samplers only need this.
public protocol NoisePredictor {
    /// The schedule the predictor was trained for (its T and ᾱ_t).
    var schedule: NoiseSchedule { get }
    /// ε̂(x_t, t) for a batch of `xt.count / dimension` samples, all at paper time t (1…T).
    /// `xt` is flat, sample after sample; the result has the same layout.
    /// - Parameters:
    ///   - xt: x_t for every sample, flat.
    ///   - t: The paper time step of every sample, 1…T.
    ///   - dimension: Values per sample (2 for points, the pixel count for images).
    /// - Returns: ε̂, one value per value of `xt`.
    func predictNoise(xt: [Double], t: Int, dimension: Int) -> [Double]
}
