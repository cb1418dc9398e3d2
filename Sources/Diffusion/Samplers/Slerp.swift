import Foundation

/// Spherical linear interpolation (Shoemake 1985), as Song et al. 2021, §5.3 use it between
/// two DDIM latents x_T: with θ the angle between z0 and z1,
/// slerp(z0, z1, α) = sin((1 − α) θ)/sin θ · z0 + sin(α θ)/sin θ · z1.
/// Gaussian latents of many dimensions have nearly the same norm, and slerp keeps an
/// interpolant at that norm where a straight line would shrink it toward the origin.
/// The whole array is one vector; for a batch, interpolate each sample on its own.
/// - Parameters:
///   - z0: The latent at α = 0.
///   - z1: The latent at α = 1, as many values as `z0`.
///   - fraction: α, usually in [0, 1].
/// - Returns: The interpolant.
public func slerp(_ z0: [Double], _ z1: [Double], fraction: Double) -> [Double] {
    precondition(z0.count == z1.count, "Both endpoints of an interpolation must have the same number of values.")
    var dot = 0.0, norm0 = 0.0, norm1 = 0.0
    for i in z0.indices {
        dot += z0[i] * z1[i]
        norm0 += z0[i] * z0[i]
        norm1 += z1[i] * z1[i]
    }
    precondition(norm0 > 0 && norm1 > 0, "Spherical interpolation needs two nonzero vectors.")
    let cosine = min(max(dot / (norm0 * norm1).squareRoot(), -1), 1)
    let theta = acos(cosine)
    // Nearly parallel vectors: sin θ → 0, and slerp tends to the straight line.
    let (a, b): (Double, Double) = sin(theta) < 1e-12
        ? (1 - fraction, fraction)
        : (sin((1 - fraction) * theta) / sin(theta), sin(fraction * theta) / sin(theta))
    return zip(z0, z1).map { a * $0 + b * $1 }
}
