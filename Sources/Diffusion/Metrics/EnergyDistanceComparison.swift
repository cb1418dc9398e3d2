/// A sample-quality figure for 2D samples: their energy distance to data, next to the energy
/// distance between two independent draws of the data of the same size, which is what an
/// exact sampler would score (the V-statistic is not 0 for finite sets).
public struct EnergyDistanceComparison: Sendable, Equatable {
    /// D²(samples, data).
    public let distance: Double
    /// D²(independent data, data), the data-vs-data floor.
    public let floor: Double

    /// How many times the floor the samples score; near 1 means indistinguishable from data
    /// at this sample size.
    public var ratio: Double { distance / floor }

    /// Compares `samples` to `data`, with the floor from `independentData`, a second draw of the
    /// same size as `samples`.
    public init(samples: [SIMD2<Double>], data: [SIMD2<Double>], independentData: [SIMD2<Double>]) {
        precondition(independentData.count == samples.count,
                     "The floor needs an independent draw of the data as large as the samples.")
        distance = energyDistance(samples, data)
        floor = energyDistance(independentData, data)
    }

    /// Compares `samples` to data made by `draw` (count, generator): the reference data from
    /// stream 0 of `seed` and the independent draw from stream 1, both as large as `samples`.
    public init(samples: [SIMD2<Double>], seed: UInt64,
                draw: (_ count: Int, _ rng: inout Xoshiro256) -> [SIMD2<Double>]) {
        var first = Xoshiro256(seed: seed, stream: 0), second = Xoshiro256(seed: seed, stream: 1)
        self.init(samples: samples, data: draw(samples.count, &first), independentData: draw(samples.count, &second))
    }
}
