/// The forward (noising) process q of Ho et al. 2020. Arrays hold any number of values
/// (a batch of 2D points flattened, an image's pixels): the process acts on each value
/// independently.
extension NoiseSchedule {
    /// Ho et al. 2020, eq. 4 reparameterized: x_t = √ᾱ_t x_0 + √(1 − ᾱ_t) ε, a draw from
    /// q(x_t | x_0) = N(√ᾱ_t x_0, (1 − ᾱ_t) I) in one step, given ε ~ N(0, I).
    /// - Parameters:
    ///   - x0: Clean data x_0, any number of values.
    ///   - t: A paper time step, 1…T.
    ///   - noise: ε, one standard normal value per value of `x0`.
    /// - Returns: x_t, one value per value of `x0`.
    public func qSample(x0: [Double], t: Int, noise: [Double]) -> [Double] {
        precondition(x0.count == noise.count, "x_0 and ε must have the same number of values.")
        let signal = sqrtAlphaBar(t), noiseRate = sqrtOneMinusAlphaBar(t)
        return zip(x0, noise).map { signal * $0 + noiseRate * $1 }
    }

    /// Ho et al. 2020, eq. 2: one step of the Markov chain,
    /// x_t = √(1 − β_t) x_{t−1} + √β_t ε, a draw from q(x_t | x_{t−1}).
    /// - Parameters:
    ///   - previous: x_{t−1}.
    ///   - t: The step to take, 1…T.
    ///   - noise: ε, one standard normal value per value of `previous`.
    /// - Returns: x_t.
    public func qStep(previous: [Double], t: Int, noise: [Double]) -> [Double] {
        precondition(previous.count == noise.count, "x_{t−1} and ε must have the same number of values.")
        let keep = alpha(t).squareRoot(), add = beta(t).squareRoot()
        return zip(previous, noise).map { keep * $0 + add * $1 }
    }

    /// Runs the chain q(x_t | x_{t−1}) from x_0 for t = 1…`upTo`, drawing fresh noise each
    /// step: the slow way to reach x_t, which must agree in distribution with `qSample`.
    /// - Parameters:
    ///   - x0: Clean data x_0.
    ///   - t: The last step, 0…T (0 returns `x0`).
    ///   - rng: The generator of each step's noise.
    /// - Returns: x_t after t steps of eq. 2.
    public func qChain(x0: [Double], upTo t: Int, using rng: inout Xoshiro256) -> [Double] {
        var x = x0
        for s in stride(from: 1, through: t, by: 1) {
            x = qStep(previous: x, t: s, noise: rng.gaussians(x.count))
        }
        return x
    }

    /// Ho et al. 2020, eq. 4 solved for x_0 (improved-diffusion's `_predict_xstart_from_eps`):
    /// x̂_0 = (x_t − √(1 − ᾱ_t) ε) / √ᾱ_t.
    /// - Parameters:
    ///   - xt: x_t.
    ///   - t: A paper time step, 1…T.
    ///   - eps: The noise ε (or a network's guess ε̂), one value per value of `xt`.
    /// - Returns: x̂_0.
    public func predictX0(xt: [Double], t: Int, eps: [Double]) -> [Double] {
        precondition(xt.count == eps.count, "x_t and ε must have the same number of values.")
        let signal = sqrtAlphaBar(t), noiseRate = sqrtOneMinusAlphaBar(t)
        return zip(xt, eps).map { ($0 - noiseRate * $1) / signal }
    }

    /// The inverse of `predictX0`: the ε that x_t and x_0 imply, ε = (x_t − √ᾱ_t x_0) / √(1 − ᾱ_t).
    /// - Parameters:
    ///   - xt: x_t.
    ///   - t: A paper time step, 1…T.
    ///   - x0: x_0 (or a guess of it), one value per value of `xt`.
    /// - Returns: ε.
    public func predictEps(xt: [Double], t: Int, x0: [Double]) -> [Double] {
        precondition(xt.count == x0.count, "x_t and x_0 must have the same number of values.")
        let signal = sqrtAlphaBar(t), noiseRate = sqrtOneMinusAlphaBar(t)
        return zip(xt, x0).map { ($0 - signal * $1) / noiseRate }
    }
}
