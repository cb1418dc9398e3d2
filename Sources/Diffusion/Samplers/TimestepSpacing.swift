/// How DDIM picks its sub-sequence τ_1 < … < τ_S of the time steps 1…T (Song et al. 2021,
/// §4.2 and Appendix D.2, where τ_i = ⌊c i⌋ or ⌊c i²⌋ with c chosen so τ_S is close to T).
///
/// Both spacings start at τ_1 = 1 and end at 1 + ⌊(S − 1) T / S⌋, as in the DDIM code: for
/// T = 1000 and S = 50 the uniform steps are 1, 21, …, 981. Sampling then starts from
/// x_T ~ N(0, I) treated as x_{τ_S}, which is harmless where ᾱ_{τ_S} is nearly 0.
public enum TimestepSpacing: String, CaseIterable, Sendable {
    /// Equal strides: τ_i = 1 + ⌊(i − 1) T / S⌋.
    case uniform
    /// Strides growing linearly, so steps crowd at small t where the data's detail is
    /// decided: τ_i = 1 + ⌊c (i − 1)²⌋, each at least one above the last.
    case quadratic

    /// τ_1 < … < τ_S, in paper time (1…T).
    /// - Parameters:
    ///   - count: S, 1…T.
    ///   - timesteps: T.
    /// - Returns: S increasing time steps.
    public func timesteps(count: Int, of timesteps: Int) -> [Int] {
        precondition(count >= 1 && count <= timesteps, "A sub-sequence needs between 1 and \(timesteps) steps; got \(count).")
        // The top 0-based index, shared by both spacings: ⌊(S − 1) T / S⌋.
        let top = (count - 1) * timesteps / count
        switch self {
        case .uniform:
            return (0..<count).map { i in 1 + i * timesteps / count }
        case .quadratic:
            guard count > 1 else { return [1] }
            let c = Double(top) / Double((count - 1) * (count - 1))
            var result: [Int] = []
            result.reserveCapacity(count)
            for i in 0..<count {
                let t = 1 + Int((c * Double(i * i)).rounded(.down))
                // Small i can round to the same step; push each one above the last. The
                // result stays ≤ T: it is at most max(S, top + 1).
                result.append(max(t, (result.last ?? 0) + 1))
            }
            return result
        }
    }
}
