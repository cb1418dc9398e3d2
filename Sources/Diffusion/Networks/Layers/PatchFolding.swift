/// The reshaping steps of `ConvolutionalNetwork`, none with parameters.
enum PatchFolding {
    /// Space to depth: each of `rows` images of `side × side` pixels (row-major) becomes
    /// (side/2)² positions of 4 channels, channel-last: pixel (y, x) goes to position
    /// (y/2, x/2), channel 2 (y mod 2) + (x mod 2). It only moves values, so the gradient
    /// of the output is folded the same way.
    static func fold(_ x: UnsafePointer<Float>, rows: Int, side: Int, into y: UnsafeMutablePointer<Float>) {
        let half = side / 2
        for n in 0..<rows {
            let image = x + n &* side &* side, target = y + n &* side &* side
            for py in 0..<side {
                for px in 0..<side {
                    target[((py / 2) &* half &+ px / 2) &* 4 &+ (py % 2) &* 2 &+ px % 2] = image[py &* side &+ px]
                }
            }
        }
    }

    /// Depth to space, the inverse of `fold`.
    static func unfold(_ y: UnsafePointer<Float>, rows: Int, side: Int, into x: UnsafeMutablePointer<Float>) {
        let half = side / 2
        for n in 0..<rows {
            let folded = y + n &* side &* side, image = x + n &* side &* side
            for py in 0..<side {
                for px in 0..<side {
                    image[py &* side &+ px] = folded[((py / 2) &* half &+ px / 2) &* 4 &+ (py % 2) &* 2 &+ px % 2]
                }
            }
        }
    }

    /// PE(t) of each row's time step (1…T), row after row, from a table of T rows.
    static func embed(_ times: UnsafePointer<Int32>, rows: Int, table: [Float], dimension: Int, into y: UnsafeMutablePointer<Float>) {
        table.withUnsafeBufferPointer { table in
            for n in 0..<rows {
                (y + n &* dimension).update(from: table.baseAddress! + (Int(times[n]) &- 1) &* dimension, count: dimension)
            }
        }
    }

    /// Adds row n of `bias` (`channels` values) to every position of image n.
    static func addPerImage(_ bias: UnsafePointer<Float>, rows: Int, positions: Int, channels: Int,
                            into x: UnsafeMutablePointer<Float>) {
        for n in 0..<rows {
            let row = bias + n &* channels
            for p in 0..<positions {
                let target = x + (n &* positions &+ p) &* channels
                for k in 0..<channels { target[k] += row[k] }
            }
        }
    }

    /// The transpose of `addPerImage`: row n of `sums` becomes the sum over image n's positions.
    static func sumPerImage(_ x: UnsafePointer<Float>, rows: Int, positions: Int, channels: Int,
                            into sums: UnsafeMutablePointer<Float>) {
        sums.update(repeating: 0, count: rows &* channels)
        for n in 0..<rows {
            let row = sums + n &* channels
            for p in 0..<positions {
                let source = x + (n &* positions &+ p) &* channels
                for k in 0..<channels { row[k] += source[k] }
            }
        }
    }
}
