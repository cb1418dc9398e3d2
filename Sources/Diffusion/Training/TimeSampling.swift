/// How a training batch picks its time steps t (1…T).
public enum TimeSampling: String, CaseIterable, Sendable {
    /// Each sample's t uniform on 1…T (Ho et al. 2020, Algorithm 1).
    case uniform
    /// Antithetic pairs, as Siddiqui's 2D tutorial: ⌊n/2⌋ + 1 uniform draws t, then their
    /// mirrors T + 1 − t, and the first n of those. Early and late steps are always seen
    /// together, which lowers the variance of the batch's loss.
    case antithetic

    /// n time steps for one batch, written to `times`.
    func draw(count n: Int, timesteps: Int, using rng: inout Xoshiro256, into times: UnsafeMutablePointer<Int32>) {
        switch self {
        case .uniform:
            for i in 0..<n { times[i] = Int32(rng.integer(in: 1...timesteps)) }
        case .antithetic:
            let draws = min(n, n / 2 + 1)
            for i in 0..<draws { times[i] = Int32(rng.integer(in: 1...timesteps)) }
            for i in draws..<n { times[i] = Int32(timesteps + 1) - times[i - draws] }
        }
    }

    /// n time steps for one batch.
    /// - Parameters:
    ///   - n: The batch size.
    ///   - timesteps: T.
    ///   - rng: The generator.
    /// - Returns: n time steps in 1…T.
    public func draw(count n: Int, timesteps: Int, using rng: inout Xoshiro256) -> [Int] {
        precondition(n >= 0 && timesteps >= 1, "A batch needs a non-negative size and at least one time step.")
        var times = [Int32](repeating: 0, count: n)
        times.withUnsafeMutableBufferPointer { draw(count: n, timesteps: timesteps, using: &rng, into: $0.baseAddress!) }
        return times.map(Int.init)
    }
}
