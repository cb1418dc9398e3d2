/// Training a network for classifier-free guidance (Ho & Salimans 2022, Algorithm 1, line 3):
/// each training sample's label is replaced by the null label ∅ with probability p_uncond,
/// so one network learns both ε(x_t, t, y) and ε(x_t, t). The paper found p_uncond of
/// 0.1 or 0.2 best (§4.1).
public enum LabelDropout {
    /// Each label, or `nullLabel` with probability `probability`: one uniform draw of `rng`
    /// per label, in order, dropped when the draw is below `probability`.
    public static func drop(_ labels: [Int], probability: Double, nullLabel: Int, using rng: inout Xoshiro256) -> [Int] {
        labels.map { drop($0, probability: probability, nullLabel: nullLabel, using: &rng) }
    }

    /// One label, or `nullLabel` with probability `probability` (one uniform draw).
    @inline(__always)
    public static func drop(_ label: Int, probability: Double, nullLabel: Int, using rng: inout Xoshiro256) -> Int {
        precondition(probability >= 0 && probability <= 1, "A dropout probability must lie in 0…1; got \(probability).")
        return rng.uniform() < probability ? nullLabel : label
    }
}
