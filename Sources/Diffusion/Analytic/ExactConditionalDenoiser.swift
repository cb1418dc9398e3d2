/// The exact noise predictors of an equal-weight `GaussianMixture` with y = the component a
/// point came from: given y = k the data is one Gaussian N(μ_k, s² I), and for Gaussian x_0
/// the best guess of ε from x_t = √ᾱ_t x_0 + √(1 − ᾱ_t) ε (Ho et al. 2020, eq. 4) is linear,
///
///     ε*(x_t, t, k) = E[ε | x_t, k] = √(1 − ᾱ_t) (x_t − √ᾱ_t μ_k) / v_t,   v_t = ᾱ_t s² + 1 − ᾱ_t,
///
/// because Cov(ε, x_t) = √(1 − ᾱ_t) I and Var(x_t) = v_t I. Without a label it is the
/// mixture's `IdealDenoiser`. This is what a perfectly trained conditional network with a
/// "no label" class computes, so guidance can be studied without training error.
public struct ExactConditionalDenoiser: ConditionalNoisePredictor, Sendable {
    public let unconditionalDenoiser: IdealDenoiser

    public init(mixture: GaussianMixture, schedule: NoiseSchedule) {
        unconditionalDenoiser = IdealDenoiser(mixture: mixture, schedule: schedule)
    }

    public var mixture: GaussianMixture { unconditionalDenoiser.mixture }
    public var schedule: NoiseSchedule { unconditionalDenoiser.schedule }
    public var classCount: Int { mixture.means.count }

    public func predictNoise(xt: [Double], t: Int, dimension: Int, labels: [Int]?) -> [Double] {
        guard let labels else { return unconditionalDenoiser.predictNoise(xt: xt, t: t, dimension: dimension) }
        precondition(dimension == 2, "The exact denoiser of a 2D Gaussian mixture needs dimension 2; got \(dimension).")
        checkLabels(labels, samples: xt.count / 2)
        let signal = schedule.alphaBar(t).squareRoot(), variance = unconditionalDenoiser.componentVariance(t: t)
        let scale = schedule.sqrtOneMinusAlphaBar(t) / variance
        var output = [Double](repeating: 0, count: xt.count)
        for (i, label) in labels.enumerated() {
            let mean = mixture.means[label]
            output[2 * i] = scale * (xt[2 * i] - signal * mean.x)
            output[2 * i + 1] = scale * (xt[2 * i + 1] - signal * mean.y)
        }
        return output
    }
}
