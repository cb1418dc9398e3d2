import Foundation

/// A small, fast, seedable random number generator: xoshiro256** (Blackman & Vigna 2018),
/// seeded through SplitMix64 as its authors recommend. Every function in the workbook that
/// draws random numbers takes one of these as an `inout` parameter, so a run repeats
/// exactly from its seed.
public struct Xoshiro256: RandomNumberGenerator, Sendable {
    private var s0: UInt64, s1: UInt64, s2: UInt64, s3: UInt64
    /// The second Gaussian of the last polar-method pair, kept for the next call.
    private var spareGaussian: Double?

    /// A generator whose whole stream is fixed by `seed`.
    /// - Parameter seed: Any 64-bit value; SplitMix64 expands it into the state.
    public init(seed: UInt64) {
        var splitMix = SplitMix64(state: seed)
        s0 = splitMix.next(); s1 = splitMix.next(); s2 = splitMix.next(); s3 = splitMix.next()
    }

    /// An independent stream number `stream` under one seed: sample `i` of a batch draws from
    /// `Xoshiro256(seed: seed, stream: i)`, so what it gets does not depend on the batch size.
    /// - Parameters:
    ///   - seed: The run's seed.
    ///   - stream: The stream number.
    public init(seed: UInt64, stream: UInt64) {
        var mixer = SplitMix64(state: seed ^ (stream &* 0xD1B5_4A32_D192_ED03))
        self.init(seed: mixer.next() &+ stream)
    }

    /// The next 64 random bits (Blackman & Vigna 2018, xoshiro256**).
    public mutating func next() -> UInt64 {
        let result = rotateLeft(s1 &* 5, 7) &* 9
        let t = s1 << 17
        s2 ^= s0; s3 ^= s1; s1 ^= s2; s0 ^= s3
        s2 ^= t
        s3 = rotateLeft(s3, 45)
        return result
    }

    /// Uniform on [0, 1) with 53 random bits.
    public mutating func uniform() -> Double {
        Double(next() >> 11) * 0x1.0p-53
    }

    /// A standard normal draw by Marsaglia's polar method (Marsaglia & Bray 1964): pick a
    /// point uniformly in the unit disc, then u·√(−2 ln s / s) and v·√(−2 ln s / s) are two
    /// independent N(0, 1) values.
    public mutating func gaussian() -> Double {
        if let spare = spareGaussian {
            spareGaussian = nil
            return spare
        }
        while true {
            let u = 2 * uniform() - 1
            let v = 2 * uniform() - 1
            let s = u * u + v * v
            if s > 0 && s < 1 {
                let factor = (-2 * log(s) / s).squareRoot()
                spareGaussian = v * factor
                return u * factor
            }
        }
    }

    /// `count` independent standard normal draws.
    /// - Parameter count: How many.
    /// - Returns: `count` draws of N(0, 1).
    public mutating func gaussians(_ count: Int) -> [Double] {
        (0..<count).map { _ in gaussian() }
    }

    /// An integer uniform on `range`, without modulo bias.
    /// - Parameter range: The integers to choose from.
    /// - Returns: One of them, each equally likely.
    public mutating func integer(in range: ClosedRange<Int>) -> Int {
        Int.random(in: range, using: &self)
    }

    private func rotateLeft(_ x: UInt64, _ k: UInt64) -> UInt64 {
        (x << k) | (x >> (64 - k))
    }
}

/// SplitMix64 (Steele, Lea & Flood 2014): used only to spread a 64-bit seed over the
/// 256-bit state of xoshiro256**.
struct SplitMix64 {
    var state: UInt64

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
