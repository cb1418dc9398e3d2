/// A sample-quality figure for 2D samples: their energy distance to data, next to what an
/// exact sampler would score at the same sample size (the V-statistic is not 0 for finite
/// sets), both as one draw and as an expectation.
public struct EnergyDistanceComparison: Sendable, Equatable {
    /// D²(samples, data).
    public let distance: Double
    /// D²(independent data, data): the data-vs-data floor from a second draw of the data as
    /// large as the samples.
    public let floor: Double
    /// E[D²] for exact samples: (1/n + 1/m) E‖X − X′‖, with n samples and m data points, and
    /// E‖X − X′‖ estimated without bias from the data's own pairs. Much less noisy than `floor`,
    /// which is one draw of a quantity whose spread at n = 2,000 is a factor of 2 or more.
    public let expectedFloor: Double

    /// How many times the drawn floor the samples score; near 1 means indistinguishable from
    /// data at this sample size.
    public var ratio: Double { distance / floor }

    /// Compares `samples` to `data`, with the drawn floor from `independentData`, a second
    /// draw of the data as large as `samples`.
    /// - Parameters:
    ///   - samples: The generated points.
    ///   - data: Reference data.
    ///   - independentData: Another draw of the data, as many points as `samples`.
    public init(samples: [SIMD2<Double>], data: [SIMD2<Double>], independentData: [SIMD2<Double>]) {
        precondition(independentData.count == samples.count,
                     "The floor needs an independent draw of the data as large as the samples.")
        precondition(!samples.isEmpty && data.count >= 2, "A comparison needs samples and at least two data points.")
        // 1. the data's own mean pairwise distance, shared by both energy distances
        let dataSpread = meanPairwiseDistance(data, data)
        // 2. D² = 2 E‖X − Y‖ − E‖X − X′‖ − E‖Y − Y′‖ for the samples and for the second draw
        distance = 2 * meanPairwiseDistance(samples, data) - meanPairwiseDistance(samples, samples) - dataSpread
        floor = 2 * meanPairwiseDistance(independentData, data) - meanPairwiseDistance(independentData, independentData) - dataSpread
        // 3. the V-statistic's mean under equal distributions; the V-mean of m points counts m
        //    zero self-pairs, so the unbiased E‖X − X′‖ is m/(m − 1) times it
        let m = Double(data.count), n = Double(samples.count)
        expectedFloor = dataSpread * m / (m - 1) * (1 / n + 1 / m)
    }

    /// Compares `samples` to data made by `draw` (count, generator): the reference data from
    /// stream 0 of `seed` and the independent draw from stream 1, both as large as `samples`.
    /// - Parameters:
    ///   - samples: The generated points.
    ///   - seed: The seed of both draws of the data.
    ///   - draw: Draws `count` points of the data with the given generator.
    public init(samples: [SIMD2<Double>], seed: UInt64,
                draw: (_ count: Int, _ rng: inout Xoshiro256) -> [SIMD2<Double>]) {
        var first = Xoshiro256(seed: seed, stream: 0), second = Xoshiro256(seed: seed, stream: 1)
        self.init(samples: samples, data: draw(samples.count, &first), independentData: draw(samples.count, &second))
    }
}
