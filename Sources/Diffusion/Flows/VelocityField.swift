/// Anything that gives a velocity v(x, t) on the linear path's time t ∈ [0, 1] (data at 0,
/// noise or the source at 1): a trained velocity network, the exact field of the ring, or a
/// noise predictor's field turned into a velocity. The flow solvers only need this.
public protocol VelocityField {
    /// v(x, t) for a flat batch of samples of `dimension` values, all at time t.
    func velocity(xt: [Double], t: Double, dimension: Int) -> [Double]
}

extension MixtureVelocity: VelocityField {
    public func velocity(xt: [Double], t: Double, dimension: Int) -> [Double] {
        precondition(dimension == 2, "The exact velocity of a 2D Gaussian mixture needs dimension 2; got \(dimension).")
        return velocity(xt: xt, t: t)
    }
}

/// The velocity field a noise predictor ε_θ of a discrete schedule implies on the linear path,
/// at the times t_τ = σ_τ/(1 + σ_τ) of its steps τ = 1…T (σ_τ = √((1 − ᾱ_τ)/ᾱ_τ)):
/// x̄ = x/(1 − t) is the predictor's x_τ/√ᾱ_τ, so ε̂ = ε_θ(√ᾱ_τ x/(1 − t), τ) and
/// v = (ε̂ − x)/(1 − t) (`GaussianPath.velocity(fromNoise:xt:t:)` on the linear path).
public struct NoisePredictorVelocity<Predictor: NoisePredictor>: VelocityField {
    public let predictor: Predictor
    /// t_τ for τ = 1…T, index τ − 1.
    public let stepTimes: [Double]

    public init(_ predictor: Predictor) {
        self.predictor = predictor
        stepTimes = predictor.schedule.steps.map { GaussianPath.linearTime(sigma: predictor.schedule.odeSigma($0)) }
    }

    /// The step τ whose time t_τ is t (to 1e-12); a time between steps is a broken contract.
    public func step(at t: Double) -> Int {
        guard let i = stepTimes.firstIndex(where: { abs($0 - t) <= 1e-12 }) else {
            preconditionFailure("t = \(t) is not the linear-path time of any step of the predictor's schedule.")
        }
        return i + 1
    }

    public func velocity(xt: [Double], t: Double, dimension: Int) -> [Double] {
        let tau = step(at: t)
        let scale = predictor.schedule.alphaBar(tau).squareRoot() / (1 - t)
        let eps = predictor.predictNoise(xt: xt.map { scale * $0 }, t: tau, dimension: dimension)
        return GaussianPath.linear.velocity(fromNoise: eps, xt: xt, t: t)
    }
}
