import Diffusion

/// The random choices behind one rendered digit. Sizes are fractions of the tile, so a
/// 28 × 28 digit looks like a 16 × 16 one, only sharper.
struct DigitStyle: Sendable, Equatable {
    /// Index into `Typeface.all`.
    var typeface: Int
    /// Rotation in radians, uniform in ±12°.
    var rotation: Double
    /// Larger side of the digit (pen included) as a fraction of the tile: MNIST's 20/28
    /// ≈ 0.71 grown to 0.75 for a small tile, times a scale uniform in 0.9…1.1.
    var extent: Double
    /// Pen width as a fraction of the digit's extent, uniform in the typeface's range
    /// (see `Typeface.pen`).
    var pen: Double
    /// Offset of the centre of mass from the tile's centre, each coordinate uniform in
    /// ±2/16 of the tile (±2 pixels at 16 × 16); clamped so the digit stays inside.
    var shift: SIMD2<Double>

    static let maxRotation = 12 * Double.pi / 180
    static let baseExtent = 0.75
    static let maxShift = 2.0 / 16

    /// Draws every parameter, always the same number of draws, so image i of a set does not
    /// depend on how many images follow it.
    static func random(typefaces: [Typeface], using rng: inout Xoshiro256) -> DigitStyle {
        let typeface = min(Int(rng.uniform() * Double(typefaces.count)), typefaces.count - 1)
        let pen = typefaces[typeface].pen
        return DigitStyle(
            typeface: typeface,
            rotation: (2 * rng.uniform() - 1) * maxRotation,
            extent: baseExtent * (0.9 + 0.2 * rng.uniform()),
            pen: pen.lowerBound + (pen.upperBound - pen.lowerBound) * rng.uniform(),
            shift: SIMD2(2 * rng.uniform() - 1, 2 * rng.uniform() - 1) * maxShift
        )
    }
}
