/// How well class-conditional 2D samples match the component of a `GaussianMixture` they
/// were asked for (sample i for component `labels[i]`): the share that landed nearest that
/// component, their spread, how far their mean moved from the component's, and the energy
/// distance to the component's own distribution N(μ_k, s² I) beside its expected floor.
/// Each is computed per class, then averaged with the classes' sizes as weights.
public struct ComponentFidelity: Sendable, Equatable {
    /// The share of samples whose nearest component mean is the one they were asked for.
    public let labelAccuracy: Double
    /// The spread per axis around each class's own sample mean, pooled:
    /// √(Σ_k Σ_{i in k} ‖x_i − x̄_k‖² / 2n). Exact samples have s.
    public let spread: Double
    /// ‖x̄_k − μ_k‖, how far a class's sample mean lies from its component's mean.
    public let meanShift: Double
    /// D²(samples of class k, fresh draws of N(μ_k, s² I)) (Székely & Rizzo 2013).
    public let energyDistance: Double
    /// E[D²] for exact samples, (1/n_k + 1/n_k) E‖X − X′‖, with E‖X − X′‖ = √π s for a 2D
    /// Gaussian of per-axis deviation s.
    public let expectedFloor: Double

    /// Scores `samples` (one label each) against `mixture`; the reference draws come from
    /// stream k of `seed` for class k, as many as the class has samples.
    public init(samples: [SIMD2<Double>], labels: [Int], mixture: GaussianMixture, seed: UInt64) {
        precondition(samples.count == labels.count && !samples.isEmpty, "Each sample needs its label.")
        let means = mixture.means, s = mixture.standardDeviation
        precondition(labels.allSatisfy { means.indices.contains($0) }, "Every label must name a component.")
        func squaredDistance(_ a: SIMD2<Double>, _ b: SIMD2<Double>) -> Double { ((a - b) * (a - b)).sum() }
        var hits = 0, squared = 0.0, shift = 0.0, distance = 0.0, floor = 0.0
        for k in means.indices {
            let mine = zip(samples, labels).filter { $0.1 == k }.map(\.0)
            guard !mine.isEmpty else { continue }
            let n = Double(mine.count), weight = n / Double(samples.count)
            // 1. nearest component of each sample, and the spread around the class's mean
            hits += mine.filter { x in means.indices.min { squaredDistance(x, means[$0]) < squaredDistance(x, means[$1]) } == k }.count
            let center = mine.reduce(SIMD2<Double>.zero, +) / n
            squared += mine.reduce(0) { $0 + squaredDistance($1, center) }
            shift += weight * squaredDistance(center, means[k]).squareRoot()
            // 2. D² against as many fresh draws of the component, and its expected floor
            var rng = Xoshiro256(seed: seed, stream: UInt64(k))
            let truth = (0..<mine.count).map { _ in means[k] + s * SIMD2(rng.gaussian(), rng.gaussian()) }
            distance += weight * Diffusion.energyDistance(mine, truth)
            floor += weight * (2 / n) * Self.meanGaussianDistance(standardDeviation: s)
        }
        labelAccuracy = Double(hits) / Double(samples.count)
        spread = (squared / Double(2 * samples.count)).squareRoot()
        (meanShift, energyDistance, expectedFloor) = (shift, distance, floor)
    }

    /// E‖X − X′‖ for independent X, X′ ~ N(μ, s² I) in 2D: X − X′ ~ N(0, 2s² I), whose norm
    /// is Rayleigh with scale √2 s and mean √2 s √(π/2) = s √π.
    static func meanGaussianDistance(standardDeviation s: Double) -> Double {
        s * Double.pi.squareRoot()
    }
}
