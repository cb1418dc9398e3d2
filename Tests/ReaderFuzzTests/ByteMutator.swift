import Diffusion

/// Seeded damage to a file's bytes, the kinds a fuzzer tries first: flipped bits, bytes
/// and integers set to edge values (0, 1, −1, 2³¹, Int64.max, …), bytes inserted or cut,
/// the file truncated, or random bytes behind the right magic number.
struct ByteMutator {
    private var rng: Xoshiro256

    init(seed: UInt64) { rng = Xoshiro256(seed: seed) }

    /// Edge values that size fields meet: at and around the limits of 8, 16, 32 and 64 bits.
    private static let edges: [UInt64] = [
        0, 1, 2, 0x7F, 0x80, 0xFF, 0xFFFF, 0x7FFF_FFFF, 0x8000_0000, 0xFFFF_FFFF, 0x1_0000_0000,
        0x7FFF_FFFF_FFFF_FFFF, 0x8000_0000_0000_0000, 0xFFFF_FFFF_FFFF_FFFF, 0x2000_0000_0000_0000,
    ]

    mutating func below(_ bound: Int) -> Int { bound <= 0 ? 0 : Int(rng.next() % UInt64(bound)) }

    /// `count` random bytes.
    mutating func randomBytes(_ count: Int) -> [UInt8] { (0..<count).map { _ in UInt8(truncatingIfNeeded: rng.next()) } }

    /// `bytes` with one to four random mutations.
    mutating func mutate(_ bytes: [UInt8]) -> [UInt8] {
        var bytes = bytes
        for _ in 0...below(4) {
            let at = below(bytes.count)
            switch below(7) {
            case 0 where !bytes.isEmpty:
                bytes[at] ^= 1 << UInt8(below(8))
            case 1 where !bytes.isEmpty:
                bytes[at] = UInt8(truncatingIfNeeded: Self.edges[below(Self.edges.count)])
            case 2:
                // An edge value as a 4- or 8-byte integer in either byte order.
                let width = below(2) == 0 ? 4 : 8
                var value = Self.edges[below(Self.edges.count)]
                if below(2) == 0 { value = value.byteSwapped >> UInt64(64 - 8 * width) }
                for i in 0..<width where at + i < bytes.count { bytes[at + i] = UInt8(truncatingIfNeeded: value >> UInt64(8 * i)) }
            case 3:
                bytes.insert(contentsOf: randomBytes(1 + below(16)), at: at)
            case 4 where !bytes.isEmpty:
                bytes.removeSubrange(at..<min(bytes.count, at + 1 + below(16)))
            case 5:
                bytes = Array(bytes.prefix(below(bytes.count + 1)))
            default:
                bytes += randomBytes(below(8))
            }
        }
        return bytes
    }
}
