/// Classifier-free guidance (Ho & Salimans 2022, §3.2, eq. 6) as a noise predictor that
/// every sampler can run: with guidance strength w,
///
///     ε̃(x_t, t, y) = (1 + w) ε(x_t, t, y) − w ε(x_t, t).
///
/// Since ε = −√(1 − ᾱ_t) ∇ log q_t (Tweedie's formula), ε̃ is −√(1 − ᾱ_t) times the score of
/// q_t(x | y)^{1+w} q_t(x)^{−w} ∝ q_t(x | y) p_t(y | x)^w: the conditional density tilted
/// by the implicit classifier p_t(y | x) = q_t(x | y) p(y) / q_t(x), raised to the power w.
/// w = 0 is plain conditional sampling; larger w trades diversity for fidelity to y.
public struct ClassifierFreeGuidance<Model: ConditionalNoisePredictor>: NoisePredictor, Sendable {
    public let model: Model
    /// y for each sample of the batch the sampler runs, in order.
    public let labels: [Int]
    /// w ≥ 0, the guidance strength.
    public let guidanceScale: Double

    public init(model: Model, labels: [Int], guidanceScale: Double) {
        precondition(guidanceScale.isFinite && guidanceScale >= 0, "The guidance strength w must be finite and ≥ 0; got \(guidanceScale).")
        precondition(labels.allSatisfy { (0..<model.classCount).contains($0) }, "Every label must lie in 0…\(model.classCount - 1).")
        (self.model, self.labels, self.guidanceScale) = (model, labels, guidanceScale)
    }

    public var schedule: NoiseSchedule { model.schedule }

    /// ε̃ for the batch; the batch must hold one sample per label. At w = 0 the unconditional
    /// prediction is skipped: it would be weighted by 0.
    public func predictNoise(xt: [Double], t: Int, dimension: Int) -> [Double] {
        model.checkLabels(labels, samples: xt.count / dimension)
        let conditional = model.predictNoise(xt: xt, t: t, dimension: dimension, labels: labels)
        guard guidanceScale != 0 else { return conditional }
        let unconditional = model.predictNoise(xt: xt, t: t, dimension: dimension, labels: nil)
        return Self.guidedNoise(conditional: conditional, unconditional: unconditional, guidanceScale: guidanceScale)
    }

    /// Ho & Salimans 2022, eq. 6: (1 + w) ε(x, y) − w ε(x), value by value.
    public static func guidedNoise(conditional: [Double], unconditional: [Double], guidanceScale w: Double) -> [Double] {
        precondition(conditional.count == unconditional.count, "Both predictions must cover the same batch.")
        return zip(conditional, unconditional).map { (1 + w) * $0 - w * $1 }
    }
}
