/// One random stream per sample: sample i of a batch draws its x_T and every z of its chain
/// from `Xoshiro256(seed: seed, stream: i)`, so what sample i becomes does not depend on how
/// many other samples share the batch.
public struct NoiseStreams: Sendable {
    private var generators: [Xoshiro256]

    /// Streams 0…count−1 under one seed.
    /// - Parameters:
    ///   - count: The number of samples.
    ///   - seed: The seed shared by every stream.
    public init(count: Int, seed: UInt64) {
        precondition(count >= 0, "The number of noise streams must not be negative.")
        generators = (0..<count).map { Xoshiro256(seed: seed, stream: UInt64($0)) }
    }

    /// The number of samples (streams).
    public var count: Int { generators.count }

    /// Overwrites `values`, a flat batch of `count` samples of `dimension` values, with
    /// standard normal draws, sample i from stream i.
    /// - Parameters:
    ///   - values: The batch to overwrite, `count × dimension` values.
    ///   - dimension: Values per sample.
    public mutating func fill(_ values: inout [Double], dimension: Int) {
        precondition(values.count == count * dimension,
                     "A batch of \(count) samples of dimension \(dimension) needs \(count * dimension) values.")
        values.withUnsafeMutableBufferPointer { out in
            generators.withUnsafeMutableBufferPointer { streams in
                for i in 0..<streams.count {
                    for j in 0..<dimension { out[i &* dimension &+ j] = streams[i].gaussian() }
                }
            }
        }
    }

    /// x_T ~ N(0, I) for `count` samples: the first `dimension` draws of each stream. A sampler
    /// run from this x_T with the same seed gives what a run with `count` and the seed gives.
    /// - Parameters:
    ///   - count: The number of samples.
    ///   - dimension: Values per sample.
    ///   - seed: The seed of the streams.
    /// - Returns: x_T, flat.
    public static func initialNoise(count: Int, dimension: Int, seed: UInt64) -> [Double] {
        var streams = NoiseStreams(count: count, seed: seed)
        var values = [Double](repeating: 0, count: count * dimension)
        streams.fill(&values, dimension: dimension)
        return values
    }
}
