import XCTest
@testable import Plot

/// Helpers shared by the rendering tests.
enum TestSupport {
    /// Whether a pixel is close to `rgb` (each channel within `tolerance`).
    static func pixel(_ image: RasterImage, _ x: Int, _ y: Int, isNear rgb: (Int, Int, Int), tolerance: Int = 40) -> Bool {
        let p = image.pixel(x: x, y: y)
        return abs(Int(p.r) - rgb.0) <= tolerance && abs(Int(p.g) - rgb.1) <= tolerance && abs(Int(p.b) - rgb.2) <= tolerance
    }

    /// Sum of the three channels (lower is darker).
    static func brightness(_ image: RasterImage, _ x: Int, _ y: Int) -> Int {
        let p = image.pixel(x: x, y: y)
        return Int(p.r) + Int(p.g) + Int(p.b)
    }
}
