import Foundation

/// The sinusoidal time embedding of the workbook's networks, in Double, for figures and
/// checks (the layer itself, `SinusoidalEmbedding`, computes the same numbers in Float). With
/// h = dimension/2 frequencies ω_i = 10000^(−i/(h−1)), i = 0…h−1 (geometric, from 1 down to
/// 1/10000):
///     PE(t) = [sin(ω_0 t), …, sin(ω_{h−1} t), cos(ω_0 t), …, cos(ω_{h−1} t)],
/// Vaswani et al. 2017, §3.5, in the layout of DDPM's code (Ho et al. 2020, Appendix B):
/// all sines, then all cosines.
/// - Parameters:
///   - t: the time step (any real number; the networks use t = 1…T).
///   - dimension: d, even and at least 4.
/// - Returns: PE(t), d values.
public func sinusoidalEmbedding(_ t: Double, dimension: Int) -> [Double] {
    let omegas = sinusoidalFrequencies(dimension: dimension)
    return omegas.map { sin($0 * t) } + omegas.map { cos($0 * t) }
}

/// The h = dimension/2 frequencies ω_i = 10000^(−i/(h−1)) of `sinusoidalEmbedding`.
/// - Parameter dimension: d, even and at least 4.
/// - Returns: ω_0 = 1 … ω_{h−1} = 10⁻⁴.
public func sinusoidalFrequencies(dimension: Int) -> [Double] {
    SinusoidalEmbedding(dimension: dimension).frequencies
}
