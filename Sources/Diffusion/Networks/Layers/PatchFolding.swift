/// The reshaping steps of `ConvolutionalNetwork`, none with parameters.
enum PatchFolding {
    /// Space to depth: each of `rows` maps of `side × side` positions with `channels`
    /// channels (channel-last; a plain image has one) becomes (side/2)² positions of
    /// 4 · channels: position (y, x) goes to (y/2, x/2), channel block 2 (y mod 2) + (x mod 2).
    /// It only moves values, so a gradient is folded the same way. With 4 · channels
    /// outputs after it, a linear layer is a 2 × 2 convolution of stride 2.
    static func fold(_ x: UnsafePointer<Float>, rows: Int, side: Int, channels: Int = 1, into y: UnsafeMutablePointer<Float>) {
        let half = side / 2, size = side &* side &* channels
        for n in 0..<rows {
            let map = x + n &* size, target = y + n &* size
            for py in 0..<side {
                for px in 0..<side {
                    let block = ((py / 2) &* half &+ px / 2) &* 4 &+ (py % 2) &* 2 &+ px % 2
                    (target + block &* channels).update(from: map + (py &* side &+ px) &* channels, count: channels)
                }
            }
        }
    }

    /// Depth to space, the inverse of `fold`; with `accumulate`, adds onto `x` instead.
    static func unfold(_ y: UnsafePointer<Float>, rows: Int, side: Int, channels: Int = 1, accumulate: Bool = false,
                       into x: UnsafeMutablePointer<Float>) {
        let half = side / 2, size = side &* side &* channels
        for n in 0..<rows {
            let folded = y + n &* size, map = x + n &* size
            for py in 0..<side {
                for px in 0..<side {
                    let source = folded + (((py / 2) &* half &+ px / 2) &* 4 &+ (py % 2) &* 2 &+ px % 2) &* channels
                    let target = map + (py &* side &+ px) &* channels
                    if accumulate {
                        for k in 0..<channels { target[k] += source[k] }
                    } else {
                        target.update(from: source, count: channels)
                    }
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
