/// Exact squared Euclidean distance transform of a binary image by the lower envelope of
/// parabolas (Felzenszwalb & Huttenlocher 2012, "Distance Transforms of Sampled
/// Functions", Theory of Computing 8, §2.1 and Algorithm DT(f)): one pass down every
/// column, then one along every row, linear in the number of pixels.
enum DistanceTransform {
    /// Stands in for +∞ (no feature pixel); large but finite, so differences stay defined.
    private static let far = 1e20

    /// For each pixel of a `width × height` image, the squared distance (in pixels) to the
    /// nearest pixel where `isFeature` is true; about `far` if there is none.
    static func squaredDistances(width: Int, height: Int, isFeature: (Int) -> Bool) -> [Double] {
        var grid = (0..<(width * height)).map { isFeature($0) ? 0 : far }
        var line = [Double](repeating: 0, count: max(width, height))
        var envelope = Envelope(capacity: max(width, height))
        for x in 0..<width {
            for y in 0..<height { line[y] = grid[y * width + x] }
            envelope.transform(&line, count: height)
            for y in 0..<height { grid[y * width + x] = line[y] }
        }
        for y in 0..<height {
            for x in 0..<width { line[x] = grid[y * width + x] }
            envelope.transform(&line, count: width)
            for x in 0..<width { grid[y * width + x] = line[x] }
        }
        return grid
    }

    /// Scratch space for the one-dimensional transform D(p) = min_q ((p − q)² + f(q)).
    private struct Envelope {
        /// Locations of the parabolas in the lower envelope.
        var vertices: [Int]
        /// Boundaries between them: parabola k is lowest on [boundaries[k], boundaries[k + 1]].
        var boundaries: [Double]
        var values: [Double]

        init(capacity: Int) {
            vertices = [Int](repeating: 0, count: capacity)
            boundaries = [Double](repeating: 0, count: capacity + 1)
            values = [Double](repeating: 0, count: capacity)
        }

        /// Replaces f (the first `count` entries of `f`) by its distance transform.
        mutating func transform(_ f: inout [Double], count n: Int) {
            guard n > 0 else { return }
            // 1. build the lower envelope, dropping parabolas the new one hides
            var k = 0
            vertices[0] = 0
            boundaries[0] = -.infinity
            boundaries[1] = .infinity
            for q in 1..<n {
                var s: Double
                repeat {
                    let v = vertices[k]
                    s = ((f[q] + Double(q * q)) - (f[v] + Double(v * v))) / Double(2 * (q - v))
                    if s <= boundaries[k] { k -= 1 } else { break }
                } while k >= 0
                k += 1
                vertices[k] = q
                boundaries[k] = s
                boundaries[k + 1] = .infinity
            }
            // 2. read the envelope off at every point
            k = 0
            for q in 0..<n {
                while boundaries[k + 1] < Double(q) { k += 1 }
                let v = vertices[k]
                values[q] = Double((q - v) * (q - v)) + f[v]
            }
            for q in 0..<n { f[q] = values[q] }
        }
    }
}
