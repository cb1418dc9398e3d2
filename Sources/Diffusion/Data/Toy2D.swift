import Foundation

/// The 2D toy datasets. Each draws seeded points at a scale near 1, so the unit-variance
/// noise of the forward process and the data are comparable.
public enum Toy2D: String, CaseIterable, Sendable {
    /// A swiss roll: θ uniform in [1.5π, 4.5π], point θ(cos θ, sin θ)/10 with noise 0.01
    /// (as in Siddiqui's 2D tutorial, which keeps scikit-learn's x and z columns over 10).
    case swissRoll = "swiss-roll"
    /// An S-shaped curve: θ uniform in [−1.5π, 1.5π], point (sin θ, sign θ (cos θ − 1))
    /// with noise 0.1, halved to fit the unit scale.
    case sCurve = "s-curve"
    /// Two interleaving half circles with noise 0.1 (scikit-learn's make_moons), centred.
    case moons
    /// Two concentric circles, radii 1 and 0.5, noise 0.05.
    case circles
    /// Points uniform on the dark squares of a 4×4 checkerboard over [−2, 2]², scaled by ½.
    case checkerboard
    /// A ring of 8 Gaussians (radius 1, s = 0.1): an exact Gaussian mixture.
    case ring

    /// One line on what the dataset looks like, for help text.
    public var summary: String {
        switch self {
        case .swissRoll: return "a spiral (swiss roll)"
        case .sCurve: return "an S-shaped curve"
        case .moons: return "two interleaving half moons"
        case .circles: return "two concentric circles"
        case .checkerboard: return "a 4×4 checkerboard"
        case .ring: return "a ring of 8 Gaussians"
        }
    }

    /// `count` points drawn from the dataset.
    /// - Parameters:
    ///   - count: How many points, not negative.
    ///   - rng: The generator.
    /// - Returns: `count` points.
    public func sample(count: Int, using rng: inout Xoshiro256) -> [SIMD2<Double>] {
        precondition(count >= 0, "The number of points must not be negative.")
        switch self {
        case .ring:
            return GaussianMixture.ring().sample(count: count, using: &rng)
        default:
            return (0..<count).map { _ in point(using: &rng) }
        }
    }

    private func point(using rng: inout Xoshiro256) -> SIMD2<Double> {
        func noise(_ scale: Double) -> SIMD2<Double> { scale * SIMD2(rng.gaussian(), rng.gaussian()) }
        switch self {
        case .swissRoll:
            let theta = 1.5 * Double.pi * (1 + 2 * rng.uniform())
            return (theta * SIMD2(cos(theta), sin(theta)) + noise(0.1)) / 10
        case .sCurve:
            let theta = 3 * Double.pi * (rng.uniform() - 0.5)
            let p = SIMD2(sin(theta), (theta < 0 ? -1 : 1) * (cos(theta) - 1))
            return (p + noise(0.1)) * 0.5 + SIMD2(0, 0.5)
        case .moons:
            let theta = Double.pi * rng.uniform()
            let upper = rng.uniform() < 0.5
            let p = upper ? SIMD2(cos(theta), sin(theta)) : SIMD2(1 - cos(theta), 0.5 - sin(theta))
            return p + noise(0.1) - SIMD2(0.5, 0.25)
        case .circles:
            let theta = 2 * Double.pi * rng.uniform()
            let radius = rng.uniform() < 0.5 ? 1.0 : 0.5
            return radius * SIMD2(cos(theta), sin(theta)) + noise(0.05)
        case .checkerboard:
            while true {
                let p = SIMD2(4 * rng.uniform() - 2, 4 * rng.uniform() - 2)
                let (cx, cy) = (Int((p.x + 2).rounded(.down)), Int((p.y + 2).rounded(.down)))
                if (cx + cy) % 2 == 0 { return p / 2 }
            }
        case .ring:
            return GaussianMixture.ring().sample(count: 1, using: &rng)[0]
        }
    }
}

/// 2D points as the flat arrays of the samplers and networks (x₁, y₁, x₂, y₂, …) and back.
extension Array where Element == SIMD2<Double> {
    /// The points as one flat array x₁, y₁, x₂, y₂, …, the layout the processes act on.
    public var flattened: [Double] { flatMap { [$0.x, $0.y] } }

    /// Points from a flat array x₁, y₁, x₂, y₂, ….
    /// - Parameter values: An even number of values.
    public init(flat values: [Double]) {
        precondition(values.count % 2 == 0, "A flat array of 2D points needs an even number of values.")
        self = stride(from: 0, to: values.count, by: 2).map { SIMD2(values[$0], values[$0 + 1]) }
    }
}
