extension Toy2D {
    /// The points every 2D model of the workbook trains on: 10,000 draws from a generator
    /// seeded with `seed` (the lesson's `--seed`).
    /// - Parameter seed: The seed of the draw.
    /// - Returns: 10,000 points.
    public func trainingPoints(seed: UInt64) -> [SIMD2<Double>] {
        var rng = Xoshiro256(seed: seed)
        return sample(count: 10_000, using: &rng)
    }
}
