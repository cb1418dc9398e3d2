/// The training set, served as the 2D tutorial serves it: in passes (epochs), each in a
/// fresh random order, cut into consecutive batches; an epoch's last batch holds what is
/// left (10,000 points in batches of 128 end with one of 16).
struct EpochSampler {
    /// The samples, flat, `dimension` values each: x₁, y₁, x₂, y₂, … for points.
    let values: [Float]
    let dimension: Int
    private var order: [Int32]
    private var cursor: Int

    /// Serves `values.count / dimension` samples of `dimension` values each.
    init(values: [Double], dimension: Int) {
        precondition(dimension >= 1 && !values.isEmpty && values.count % dimension == 0,
                     "The training set must hold a positive, whole number of samples of \(dimension) values.")
        self.values = values.map(Float.init)
        self.dimension = dimension
        order = (0..<(values.count / dimension)).map { Int32($0) }
        cursor = order.count
    }

    init(points: [SIMD2<Double>]) {
        self.init(values: points.flattened, dimension: 2)
    }

    var count: Int { order.count }

    /// The indices of the next batch of up to `size` samples. A new epoch begins with a
    /// Fisher–Yates shuffle (Knuth, TAOCP vol. 2, Algorithm P).
    mutating func nextIndices(size: Int, using rng: inout Xoshiro256) -> ArraySlice<Int32> {
        if cursor == order.count {
            for i in stride(from: order.count - 1, to: 0, by: -1) {
                order.swapAt(i, rng.integer(in: 0...i))
            }
            cursor = 0
        }
        let rows = min(size, order.count - cursor)
        defer { cursor += rows }
        return order[cursor..<(cursor + rows)]
    }

    /// Writes the next batch of up to `size` samples to `x0` and returns how many it wrote.
    mutating func nextBatch(size: Int, using rng: inout Xoshiro256, into x0: UnsafeMutablePointer<Float>) -> Int {
        copy(nextIndices(size: size, using: &rng), into: x0)
    }

    /// Writes the samples at `indices` to `target`, one after another; returns how many.
    func copy(_ indices: ArraySlice<Int32>, into target: UnsafeMutablePointer<Float>) -> Int {
        values.withUnsafeBufferPointer { values in
            for (r, index) in indices.enumerated() {
                (target + r * dimension).update(from: values.baseAddress! + Int(index) * dimension, count: dimension)
            }
        }
        return indices.count
    }
}
