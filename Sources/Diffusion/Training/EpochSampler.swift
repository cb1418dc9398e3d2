/// The training set, served as the 2D tutorial serves it: in passes (epochs), each in a
/// fresh random order, cut into consecutive batches; an epoch's last batch holds what is
/// left (10,000 points in batches of 128 end with one of 16).
struct EpochSampler {
    /// The points, flat: x₁, y₁, x₂, y₂, ….
    let points: [Float]
    private var order: [Int32]
    private var cursor: Int

    init(points: [SIMD2<Double>]) {
        precondition(!points.isEmpty, "The training set must not be empty.")
        self.points = points.flatMap { [Float($0.x), Float($0.y)] }
        order = (0..<points.count).map { Int32($0) }
        cursor = points.count
    }

    var count: Int { order.count }

    /// Writes the next batch of up to `size` points to `x0` and returns how many it wrote.
    /// A new epoch begins with a Fisher–Yates shuffle (Knuth, TAOCP vol. 2, Algorithm P).
    mutating func nextBatch(size: Int, using rng: inout Xoshiro256, into x0: UnsafeMutablePointer<Float>) -> Int {
        if cursor == order.count {
            for i in stride(from: order.count - 1, to: 0, by: -1) {
                order.swapAt(i, rng.integer(in: 0...i))
            }
            cursor = 0
        }
        let rows = min(size, order.count - cursor)
        for r in 0..<rows {
            let source = 2 * Int(order[cursor + r])
            x0[2 * r] = points[source]
            x0[2 * r + 1] = points[source + 1]
        }
        cursor += rows
        return rows
    }
}
