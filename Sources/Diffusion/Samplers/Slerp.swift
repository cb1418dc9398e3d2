import Foundation

/// Spherical linear interpolation (Shoemake 1985), as Song et al. 2021, §5.3 use it between
/// two DDIM latents x_T: with θ the angle between z0 and z1,
/// slerp(z0, z1, α) = sin((1 − α) θ)/sin θ · z0 + sin(α θ)/sin θ · z1.
/// Two independent Gaussian vectors of many values stand nearly at right angles (θ ≈ 90°),
/// so slerp ≈ cos(απ/2) z0 + sin(απ/2) z1, again N(0, I); a straight line would shrink the
/// variance (to ½ at α = ½). The whole array is one vector: interpolate each sample of many
/// values (an image) on its own, but a batch of 2D points as one vector, since one 2D
/// point's angle is not near 90°.
/// - Parameters:
///   - z0: The latent at α = 0.
///   - z1: The latent at α = 1, as many values as `z0`.
///   - fraction: α, usually in [0, 1].
/// - Returns: The interpolant.
public func slerp(_ z0: [Double], _ z1: [Double], fraction: Double) -> [Double] {
    let theta = angle(z0, z1)
    // Nearly parallel vectors: sin θ → 0, and slerp tends to the straight line.
    let (a, b): (Double, Double) = sin(theta) < 1e-12
        ? (1 - fraction, fraction)
        : (sin((1 - fraction) * theta) / sin(theta), sin(fraction * theta) / sin(theta))
    return zip(z0, z1).map { a * $0 + b * $1 }
}

/// θ = arccos(⟨z0, z1⟩ / (‖z0‖ ‖z1‖)), the angle between two vectors, in radians (0…π).
/// - Parameters:
///   - z0: One vector, not zero.
///   - z1: The other, as many values, not zero.
/// - Returns: θ.
public func angle(_ z0: [Double], _ z1: [Double]) -> Double {
    precondition(z0.count == z1.count, "Both vectors must have the same number of values.")
    var dot = 0.0, norm0 = 0.0, norm1 = 0.0
    for i in z0.indices {
        dot += z0[i] * z1[i]
        norm0 += z0[i] * z0[i]
        norm1 += z1[i] * z1[i]
    }
    precondition(norm0 > 0 && norm1 > 0, "An angle needs two nonzero vectors.")
    return acos(min(max(dot / (norm0 * norm1).squareRoot(), -1), 1))
}
