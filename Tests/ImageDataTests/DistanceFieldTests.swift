import CCairo
import XCTest
@testable import ImageData

/// The pieces under `DigitImages`: glyph outlines, the distance transform, distance fields.
final class DistanceFieldTests: XCTestCase {
    /// Felzenszwalb–Huttenlocher against brute force on a random sparse grid.
    func testDistanceTransformMatchesBruteForce() {
        let (width, height) = (23, 17)
        var state: UInt64 = 12345
        let features = (0..<(width * height)).map { _ in
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return state >> 59 == 0  // about 1 in 32
        }
        let points = features.indices.filter { features[$0] }
        XCTAssertGreaterThan(points.count, 3)
        let fast = DistanceTransform.squaredDistances(width: width, height: height) { features[$0] }
        for index in features.indices {
            let (x, y) = (index % width, index / width)
            let brute = points.map { ($0 % width - x) * ($0 % width - x) + ($0 / width - y) * ($0 / width - y) }.min()!
            XCTAssertEqual(fast[index], Double(brute), "pixel (\(x), \(y))")
        }
    }

    func testDistanceTransformWithoutFeaturesIsFar() {
        let distances = DistanceTransform.squaredDistances(width: 4, height: 3) { _ in false }
        XCTAssertTrue(distances.allSatisfy { $0 > 1e19 })
    }

    private func glyph(_ character: String) -> (GlyphOutline, DistanceField) {
        let surface = cairo_image_surface_create(CAIRO_FORMAT_A8, 1, 1)
        let cr = cairo_create(surface)!
        let face = cairo_toy_font_face_create("DejaVu Sans", CAIRO_FONT_SLANT_NORMAL, CAIRO_FONT_WEIGHT_NORMAL)!
        defer {
            cairo_font_face_destroy(face)
            cairo_destroy(cr)
            cairo_surface_destroy(surface)
        }
        let outline = GlyphOutline(character, face: face, cr: cr)
        return (outline, DistanceField(outline, texels: 80, margin: 10))
    }

    /// The shoelace centroid of the outline agrees with the centre of mass of Cairo's own
    /// rasterization of it (an independent computation).
    func testOutlineCentroidMatchesRasterMoments() {
        for character in ["0", "4", "7"] {
            let (outline, _) = glyph(character)
            let resolution = 4.0
            let lower = outline.lower - 2
            let size = (outline.upper - outline.lower + 4) * resolution
            let (width, height) = (Int(size.x.rounded(.up)), Int(size.y.rounded(.up)))
            let coverage = outline.coverage(width: width, height: height, origin: lower, resolution: resolution)
            var mass = 0.0, moment = SIMD2<Double>.zero
            for (index, value) in coverage.enumerated() {
                mass += Double(value)
                moment += Double(value) * SIMD2(Double(index % width) + 0.5, Double(index / width) + 0.5)
            }
            let raster = lower + moment / mass / resolution
            XCTAssertEqual(outline.centroid.x, raster.x, accuracy: 0.2, character)
            XCTAssertEqual(outline.centroid.y, raster.y, accuracy: 0.2, character)
            XCTAssertTrue(outline.lower.x < outline.centroid.x && outline.centroid.x < outline.upper.x)
        }
    }

    /// Rasterizing "0" at 1 pixel per font unit: the ring is white, its hole and the outside black,
    /// and a pen grows the ring by about its radius.
    func testFieldSeparatesInkHoleAndOutside() {
        let (outline, field) = glyph("0")
        let size = 100
        let centre = (outline.lower + outline.upper) / 2
        let start = centre - Double(size) / 2 + 0.5
        func image(pen: Double) -> [Double] {
            field.rasterize(size: size, start: start, step: (SIMD2(1, 0), SIMD2(0, 1)), pixelsPerUnit: 1,
                            penRadius: pen, box: (0..<size, 0..<size))
        }
        let plain = image(pen: 0)
        // the hole at the centre, the ink at the left of the ring (halfway through the stroke), the corner
        XCTAssertEqual(plain[50 * size + 50], -1)
        let leftInk = Int((outline.lower.x - start.x).rounded()) + 4
        XCTAssertEqual(plain[50 * size + leftInk], 1)
        XCTAssertEqual(plain[0], -1)
        let inked = { (pixels: [Double]) in pixels.reduce(0) { $0 + ($1 + 1) / 2 } }
        let grown = image(pen: 2)
        XCTAssertGreaterThan(inked(grown), inked(plain) * 1.2)
        XCTAssertLessThan(inked(image(pen: -2)), inked(plain) * 0.8)
    }
}
