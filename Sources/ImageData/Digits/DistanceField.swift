/// A glyph as a signed distance field (Green 2007, "Improved Alpha-Tested Magnification
/// for Vector Textures and Special Effects", Valve): at each texel, the distance to the
/// outline, negative inside. Sampled bilinearly it gives the glyph at any rotation and
/// scale, and thresholding at r instead of 0 grows the strokes by a round pen of radius r
/// (or thins them for r < 0), all for the price of one lookup per pixel.
struct DistanceField: Sendable {
    let width: Int
    let height: Int
    /// Font-unit position of texel (0, 0)'s centre.
    let origin: SIMD2<Double>
    /// Texels per font unit.
    let resolution: Double
    /// Signed distances in texels, row-major.
    private let distances: [Float]

    /// The field of `outline`: its ink box spans `texels` texels, with `margin` font units
    /// of empty border on every side, so pens up to that radius stay inside the field.
    init(_ outline: GlyphOutline, texels: Int, margin: Double) {
        precondition(outline.extent > 0, "The font drew no ink for a digit; its distance field would be empty.")
        resolution = Double(texels) / outline.extent
        let lower = outline.lower - margin, upper = outline.upper + margin
        width = Int(((upper.x - lower.x) * resolution).rounded(.up))
        height = Int(((upper.y - lower.y) * resolution).rounded(.up))
        origin = lower + 0.5 / resolution
        let coverage = outline.coverage(width: width, height: height, origin: lower, resolution: resolution)
        // A texel is inside when at least half covered; distances run between texel centres,
        // and the outline lies half a texel from the centres on either side of it.
        let toInside = DistanceTransform.squaredDistances(width: width, height: height) { coverage[$0] >= 128 }
        let toOutside = DistanceTransform.squaredDistances(width: width, height: height) { coverage[$0] < 128 }
        distances = (0..<(width * height)).map { index in
            coverage[index] >= 128 ? Float(0.5 - toOutside[index].squareRoot()) : Float(toInside[index].squareRoot() - 0.5)
        }
    }

    /// Rasterizes the glyph into a `size × size` image: the centre of pixel (x, y) is
    /// font-unit point `start + x·step.x + y·step.y`, and each pixel's coverage follows from
    /// the signed distance d at its centre (in pixels, `pixelsPerUnit` per font unit) as
    /// clamp(½ − (d − r), 0, 1) for pen radius r: exact for a straight edge crossing the
    /// pixel squarely. Only pixels in `box` (x and y ranges) are sampled; the rest are black.
    func rasterize(size: Int, start: SIMD2<Double>, step: (x: SIMD2<Double>, y: SIMD2<Double>),
                   pixelsPerUnit: Double, penRadius: Double, box: (x: Range<Int>, y: Range<Int>)) -> [Double] {
        // Work in texels: t = (p − origin)·resolution; distances come back in texels too.
        let toPixels = pixelsPerUnit / resolution
        let t0 = (start - origin) * resolution, dx = step.x * resolution, dy = step.y * resolution
        let maxX = Double(width - 1), maxY = Double(height - 1)
        return [Double](unsafeUninitializedCapacity: size * size) { pixels, initialized in
            pixels.initialize(repeating: -1)
            initialized = size * size
            distances.withUnsafeBufferPointer { d in
                for row in box.y {
                    var t = t0 + dy * Double(row) + dx * Double(box.x.lowerBound)
                    for column in box.x {
                        defer { t += dx }
                        // beyond the field: nearest border value plus the distance to the border,
                        // which never underestimates how far outside the glyph the point is
                        let x = min(max(t.x, 0), maxX), y = min(max(t.y, 0), maxY)
                        let beyond = x == t.x && y == t.y ? 0 : ((t.x - x) * (t.x - x) + (t.y - y) * (t.y - y)).squareRoot()
                        let x0 = min(Int(x), width - 2), y0 = min(Int(y), height - 2)
                        let fx = x - Double(x0), fy = y - Double(y0)
                        let i = y0 * width + x0
                        let top = Double(d[i]) + fx * Double(d[i + 1] - d[i])
                        let bottom = Double(d[i + width]) + fx * Double(d[i + width + 1] - d[i + width])
                        let distance = (top + fy * (bottom - top) + beyond) * toPixels
                        pixels[row * size + column] = 2 * min(max(0.5 - distance + penRadius, 0), 1) - 1
                    }
                }
            }
        }
    }

}
