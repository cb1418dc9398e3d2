/// A classifier of noisy samples: p(y | x_t) and its gradient in x_t, what classifier
/// guidance steers by (Dhariwal & Nichol 2021, §4).
public protocol NoisyClassifier: Sendable {
    /// K, the number of classes.
    var classCount: Int { get }
    /// ∇_{x_t} log p(y = labels[i] | x_t) for each sample i of the flat batch `xt`, at
    /// paper time t (0…T, where t = 0 is clean data).
    func logProbabilityGradient(xt: [Double], t: Int, dimension: Int, labels: [Int]) -> [Double]
}

/// Classifier guidance (Dhariwal & Nichol 2021, Algorithm 2 and eq. 14) as a noise
/// predictor: an unconditional ε(x_t, t) steered by a classifier's gradient at scale s,
///
///     ε̂(x_t, t) = ε(x_t, t) − √(1 − ᾱ_t) s ∇_{x_t} log p(y | x_t),
///
/// which is −√(1 − ᾱ_t) times the score of q_t(x) p_t(y | x)^s. With the exact score and
/// the exact classifier this is classifier-free guidance with w = s − 1, since
/// ∇ log q_t(x | y) = ∇ log q_t(x) + ∇ log p_t(y | x).
public struct ClassifierGuidance<Predictor: NoisePredictor, Classifier: NoisyClassifier>: NoisePredictor, Sendable
where Predictor: Sendable {
    public let predictor: Predictor
    public let classifier: Classifier
    /// y for each sample of the batch the sampler runs, in order.
    public let labels: [Int]
    /// s, the classifier scale.
    public let scale: Double

    public init(predictor: Predictor, classifier: Classifier, labels: [Int], scale: Double) {
        precondition(scale.isFinite, "The classifier scale s must be finite; got \(scale).")
        precondition(labels.allSatisfy { (0..<classifier.classCount).contains($0) }, "Every label must lie in 0…\(classifier.classCount - 1).")
        (self.predictor, self.classifier, self.labels, self.scale) = (predictor, classifier, labels, scale)
    }

    public var schedule: NoiseSchedule { predictor.schedule }

    public func predictNoise(xt: [Double], t: Int, dimension: Int) -> [Double] {
        precondition(labels.count * dimension == xt.count, "A batch of \(xt.count / dimension) samples needs as many labels.")
        let eps = predictor.predictNoise(xt: xt, t: t, dimension: dimension)
        let gradient = classifier.logProbabilityGradient(xt: xt, t: t, dimension: dimension, labels: labels)
        return Self.guidedNoise(eps: eps, logProbabilityGradient: gradient, noiseRate: schedule.sqrtOneMinusAlphaBar(t), scale: scale)
    }

    /// Dhariwal & Nichol 2021, eq. 14 with scale s: ε − √(1 − ᾱ_t) s ∇ log p(y | x_t), value
    /// by value, with `noiseRate` = √(1 − ᾱ_t).
    public static func guidedNoise(eps: [Double], logProbabilityGradient: [Double], noiseRate: Double, scale: Double) -> [Double] {
        precondition(eps.count == logProbabilityGradient.count, "The noise and the gradient must cover the same batch.")
        return zip(eps, logProbabilityGradient).map { $0 - noiseRate * scale * $1 }
    }
}
