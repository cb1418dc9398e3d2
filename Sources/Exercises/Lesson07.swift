// Lesson 07 — images and the parts of an image network. Read the lesson first: `swift run Lesson07`.
// Check your answers: `swift test --filter Lesson07 --disable-swift-testing`.
import Foundation

/// **The sinusoidal time embedding** (Vaswani et al. 2017, §3.5, as DDPM's code lays it out,
/// Ho et al. 2020, Appendix B): how the network is told the time step. With h = dimension/2
/// frequencies ω_i = 10000^(−i/(h−1)), i = 0…h−1,
/// PE(t) = [sin(ω_0 t), …, sin(ω_{h−1} t), cos(ω_0 t), …, cos(ω_{h−1} t)].
///
/// - Parameters:
///   - t: the time step (a real number; the networks pass t = 1…T).
///   - dimension: d, the length of the embedding (even, at least 4).
/// - Returns: PE(t), `dimension` values: the h sines first, then the h cosines.
/// - Hint: ω_0 = 1 and ω_{h−1} = 1/10000: the frequencies fall geometrically, each the
///   previous one times 10000^(−1/(h−1)). `pow(10_000, -Double(i) / Double(h - 1))`.
public func sinusoidalEmbedding(t: Double, dimension: Int) throws -> [Double] {
    throw NotAttempted()
}

/// **One update of the exponential moving average of the weights** (Polyak & Juditsky 1992
/// in its exponential form; Ho et al. 2020, Appendix B, sample with it, decay 0.9999; the
/// workbook's image model uses 0.999): after each optimizer step,
/// θ_EMA ← d · θ_EMA + (1 − d) · θ.
///
/// - Parameters:
///   - average: θ_EMA before the update (any number of parameters).
///   - parameters: θ, the weights the optimizer just updated, one per value of `average`.
///   - decay: d, in [0, 1): the weight of the old average.
/// - Returns: θ_EMA after the update.
/// - Hint: with d = 0.999 the average moves only a thousandth of the way towards θ per step,
///   so it remembers about the last 1/(1 − d) = 1000 steps.
public func emaUpdate(average: [Double], parameters: [Double], decay: Double) throws -> [Double] {
    throw NotAttempted()
}

/// **The DDPM mean with x̂_0 clipped** (Ho et al. 2020, eq. 7 with x_0 replaced by the
/// clipped prediction, as DDPM's code samples images): with
/// x̂_0 = clip((x_t − √(1 − ᾱ_t) ε̂)/√ᾱ_t, −1, 1),
/// μ̃_t(x_t, x̂_0) = β_t √ᾱ_{t−1}/(1 − ᾱ_t) · x̂_0 + (1 − ᾱ_{t−1}) √α_t/(1 − ᾱ_t) · x_t.
///
/// - Parameters:
///   - xt: x_t (any number of values).
///   - t: the step, 1…T.
///   - epsHat: ε̂ = ε_θ(x_t, t), one value per value of `xt`.
///   - betas: β_1 … β_T; index t − 1 holds β_t.
///   - alphaBars: ᾱ_1 … ᾱ_T; index t − 1 holds ᾱ_t.
/// - Returns: μ̃_t, one value per value of `xt` (the step's mean; the sampler adds σ_t z).
/// - Hint: your `predictX0Clipped` (Lesson 05) and `posteriorMean` (Lesson 03) do it all.
///   Without the clip the result would be eq. 11's mean, `meanFromEps`.
public func clippedPosteriorMean(xt: [Double], t: Int, epsHat: [Double], betas: [Double], alphaBars: [Double]) throws -> [Double] {
    throw NotAttempted()
}
