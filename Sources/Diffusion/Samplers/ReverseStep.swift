/// One step of a reverse (generative) process, from x at time `from` to x at time `to`.
///
/// Every sampler of the workbook, DDPM (Ho et al. 2020, Algorithm 2) as well as DDIM
/// (Song et al. 2021, eq. 12), moves by a linear combination of four things:
///
///     x_to = coefXt · x_from + coefEps · ε̂ + coefX0 · x̂_0 + sigma · z,
///
/// with ε̂ = ε_θ(x_from, t) from the predictor, x̂_0 the clean data it implies (optionally
/// clipped) and z ~ N(0, I) fresh noise. The samplers differ only in these coefficients,
/// which they fix once, at init, from the schedule's tables.
public struct ReverseStep: Sendable, Equatable {
    /// The time of the input x (paper convention, 0…T; 0 only when encoding from data).
    public let from: Int
    /// The time of the output x.
    public let to: Int
    /// The t (1…T) at which the predictor is asked for ε̂: `from`, or 1 when `from` is 0.
    public let predictorTime: Int
    /// √ᾱ_from, the signal rate of the input.
    public let signalRate: Double
    /// √(1 − ᾱ_from), the noise rate of the input.
    public let noiseRate: Double
    /// The coefficient of x_from in x_to.
    public let coefXt: Double
    /// The coefficient of ε̂ in x_to.
    public let coefEps: Double
    /// The coefficient of x̂_0 in x_to.
    public let coefX0: Double
    /// σ, the standard deviation of the fresh noise added (0: the step is deterministic).
    public let sigma: Double
    /// Whether x̂_0 is clipped before it is used.
    public let clipping: X0Clipping

    init(schedule: NoiseSchedule, from: Int, to: Int, coefXt: Double, coefEps: Double, coefX0: Double,
         sigma: Double, clipping: X0Clipping) {
        precondition((0...schedule.timesteps).contains(from) && (0...schedule.timesteps).contains(to) && from != to,
                     "A step must join two different times in 0…\(schedule.timesteps); got \(from) → \(to).")
        precondition(sigma >= 0 && sigma.isFinite, "The noise scale σ of a step must be finite and not negative.")
        precondition(from > 0 || clipping == .none, "A step from t = 0 cannot clip x̂_0: there is no noise to recompute.")
        self.from = from
        self.to = to
        predictorTime = max(from, 1)
        signalRate = schedule.alphaBar(from).squareRoot()
        noiseRate = (1 - schedule.alphaBar(from)).squareRoot()
        self.coefXt = coefXt
        self.coefEps = coefEps
        self.coefX0 = coefX0
        self.sigma = sigma
        self.clipping = clipping
    }

    /// Whether the step reads x̂_0 (otherwise it is computed only when asked for).
    public var readsPrediction: Bool { coefX0 != 0 }

    /// x_to from x_from, the predictor's ε̂ and, when σ > 0, the noise z: the step on its own,
    /// for teaching and tests. The samplers run the same code in place.
    /// - Parameters:
    ///   - xt: x_from, flat.
    ///   - eps: ε̂ at x_from, one value per value of `xt`.
    ///   - noise: z, needed when σ > 0.
    /// - Returns: x_to.
    public func update(xt: [Double], eps: [Double], noise: [Double]? = nil) -> [Double] {
        precondition(eps.count == xt.count, "x_t and ε̂ must have the same number of values.")
        precondition(sigma == 0 || noise?.count == xt.count, "A step with σ > 0 needs one noise value per value of x_t.")
        var x = xt, eps = eps, x0 = [Double](repeating: 0, count: xt.count)
        advance(&x, eps: &eps, x0: &x0, noise: noise ?? [Double](repeating: 0, count: xt.count), keepPrediction: false)
        return x
    }

    /// x̂_0 as this step computes it (clipped if the step clips): Ho et al. 2020, eq. 4 solved
    /// for x_0, which is f_θ(x_t) of Song et al. 2021, eq. 9, the "predicted x_0" of eq. 12.
    /// - Parameters:
    ///   - xt: x_from, flat.
    ///   - eps: ε̂ at x_from.
    /// - Returns: x̂_0.
    public func predictedX0(xt: [Double], eps: [Double]) -> [Double] {
        precondition(eps.count == xt.count, "x_t and ε̂ must have the same number of values.")
        var eps = eps, x0 = [Double](repeating: 0, count: xt.count)
        predictX0(into: &x0, xt: xt, eps: &eps)
        return x0
    }

    /// The step in place: x becomes x_to. `eps` is ε̂ on entry (recomputed if x̂_0 is clipped),
    /// `x0` receives x̂_0 when the step reads it or `keepPrediction` asks for it. No allocation.
    func advance(_ x: inout [Double], eps: inout [Double], x0: inout [Double], noise: [Double], keepPrediction: Bool) {
        // 1. predict x̂_0 from ε̂ (Ho et al. 2020, eq. 4 solved for x_0), clip it, recompute ε̂
        if readsPrediction || keepPrediction {
            predictX0(into: &x0, xt: x, eps: &eps)
        }
        // 2. the linear combination x_to = coefXt x + coefEps ε̂ + coefX0 x̂_0 + σ z
        let (a, b, c, d) = (coefXt, coefEps, coefX0, sigma)
        let n = x.count
        precondition(eps.count == n && x0.count == n && noise.count == n, "Every buffer of a step must hold one value per value of x.")
        x.withUnsafeMutableBufferPointer { x in
            eps.withUnsafeBufferPointer { e in
                x0.withUnsafeBufferPointer { p in
                    noise.withUnsafeBufferPointer { z in
                        for i in 0..<n {
                            x[i] = a * x[i] + b * e[i] + c * p[i] + d * z[i]
                        }
                    }
                }
            }
        }
    }

    /// x̂_0 = (x_t − √(1 − ᾱ_t) ε̂) / √ᾱ_t (Ho et al. 2020, eq. 4 solved for x_0). With clipping,
    /// x̂_0 is clamped and ε̂ recomputed as (x_t − √ᾱ_t x̂_0) / √(1 − ᾱ_t), so that
    /// x_t = √ᾱ_t x̂_0 + √(1 − ᾱ_t) ε̂ still holds. improved-diffusion's DDIM step always does
    /// this (`_predict_eps_from_xstart` after clipping); the diffusers library's DDIMScheduler
    /// only with `use_clipped_model_output=True` (its default is False).
    func predictX0(into x0: inout [Double], xt: [Double], eps: inout [Double]) {
        let n = xt.count
        precondition(eps.count == n && x0.count == n, "x_t, ε̂ and x̂_0 must have the same number of values.")
        let (signal, noiseRate) = (signalRate, self.noiseRate)
        x0.withUnsafeMutableBufferPointer { p in
            xt.withUnsafeBufferPointer { x in
                eps.withUnsafeMutableBufferPointer { e in
                    for i in 0..<n { p[i] = (x[i] - noiseRate * e[i]) / signal }
                    guard case .range(let range) = clipping else { return }
                    let (low, high) = (range.lowerBound, range.upperBound)
                    for i in 0..<n {
                        p[i] = min(max(p[i], low), high)
                        e[i] = (x[i] - signal * p[i]) / noiseRate
                    }
                }
            }
        }
    }
}
