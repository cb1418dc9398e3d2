import Foundation

/// Draws a digit from its distance field, white on black, anti-aliased, and centres it on
/// its centre of mass as MNIST does (LeCun et al. 1998: "centered in a 28x28 image by
/// computing the center of mass of the pixels").
struct DigitRenderer: Sendable {
    let size: Int

    init(size: Int) {
        precondition(size > 0, "A digit image needs a positive size, not \(size).")
        self.size = size
    }

    /// `glyph` drawn in `style`, pixels in [−1, 1], row-major.
    func render(_ glyph: Glyph, _ style: DigitStyle) -> [Double] {
        let tile = Double(size), outline = glyph.outline
        let pen = style.pen * style.extent * tile
        // 1. the similarity taking font units to pixels: rotation times the scale that makes
        //    ink plus pen span the extent; the ink box around the centroid, pen included
        let map = Similarity(rotation: style.rotation, scale: max(style.extent * tile - pen, 1) / outline.extent)
        var (low, high) = map.bounds(outline.lower - outline.centroid, outline.upper - outline.centroid)
        (low, high) = (low - max(pen, 0) / 2, high + max(pen, 0) / 2)
        // 2. draw with the glyph's centroid at the centre, then move the measured centre of
        //    mass there, plus the random shift, within the moves that keep the ink inside
        let centre = SIMD2(repeating: tile / 2)
        let first = rasterize(glyph, map, centroidAt: centre, ink: (centre + low, centre + high), penRadius: pen / 2)
        let margin = tile / 32
        let move = (centre - centreOfMass(first) + style.shift * tile)
            .clamped(lowerBound: pointwiseMin(margin - low - centre, .zero),
                     upperBound: pointwiseMax(tile - margin - high - centre, .zero))
        return rasterize(glyph, map, centroidAt: centre + move, ink: (centre + move + low, centre + move + high),
                         penRadius: pen / 2)
    }

    /// The glyph with its centroid at pixel point `centroidAt`, sampling only the pixels
    /// that the ink box (plus one pixel of anti-aliasing) touches.
    private func rasterize(_ glyph: Glyph, _ map: Similarity, centroidAt point: SIMD2<Double>,
                           ink: (low: SIMD2<Double>, high: SIMD2<Double>), penRadius: Double) -> [Double] {
        let inverse = map.inverse
        func pixels(_ low: Double, _ high: Double) -> Range<Int> {
            let first = min(max(Int((low - 1).rounded(.down)), 0), size)
            return first..<max(first, min(Int((high + 1).rounded(.up)), size))
        }
        let start = glyph.outline.centroid + inverse.apply(SIMD2(0.5, 0.5) - point)
        return glyph.field.rasterize(size: size, start: start, step: (inverse.apply(SIMD2(1, 0)), inverse.apply(SIMD2(0, 1))),
                                     pixelsPerUnit: map.scale, penRadius: penRadius,
                                     box: (pixels(ink.low.x, ink.high.x), pixels(ink.low.y, ink.high.y)))
    }

    /// Centre of mass of the ink (value + 1) / 2, in pixel coordinates; the tile centre if blank.
    private func centreOfMass(_ pixels: [Double]) -> SIMD2<Double> {
        var mass = 0.0, moment = SIMD2<Double>.zero
        for y in 0..<size {
            for x in 0..<size {
                let ink = (pixels[y * size + x] + 1) / 2
                mass += ink
                moment += ink * SIMD2(Double(x) + 0.5, Double(y) + 0.5)
            }
        }
        return mass > 0 ? moment / mass : SIMD2(repeating: Double(size) / 2)
    }
}

/// A rotation by `rotation` radians followed by a uniform `scale`, about the origin.
struct Similarity: Sendable {
    let scale: Double
    private let column0: SIMD2<Double>, column1: SIMD2<Double>

    init(rotation: Double, scale: Double) {
        self.scale = scale
        column0 = SIMD2(cos(rotation), sin(rotation)) * scale
        column1 = SIMD2(-sin(rotation), cos(rotation)) * scale
    }

    private init(scale: Double, column0: SIMD2<Double>, column1: SIMD2<Double>) {
        (self.scale, self.column0, self.column1) = (scale, column0, column1)
    }

    /// The inverse map: transpose of the rotation, reciprocal scale.
    var inverse: Similarity {
        let s2 = scale * scale
        return Similarity(scale: 1 / scale, column0: SIMD2(column0.x, column1.x) / s2, column1: SIMD2(column0.y, column1.y) / s2)
    }

    @inline(__always)
    func apply(_ p: SIMD2<Double>) -> SIMD2<Double> { column0 * p.x + column1 * p.y }

    /// The bounding box of the image of the box [lower, upper].
    func bounds(_ lower: SIMD2<Double>, _ upper: SIMD2<Double>) -> (SIMD2<Double>, SIMD2<Double>) {
        let corners = [lower, upper, SIMD2(lower.x, upper.y), SIMD2(upper.x, lower.y)].map(apply)
        return (corners.dropFirst().reduce(corners[0]) { pointwiseMin($0, $1) },
                corners.dropFirst().reduce(corners[0]) { pointwiseMax($0, $1) })
    }
}
