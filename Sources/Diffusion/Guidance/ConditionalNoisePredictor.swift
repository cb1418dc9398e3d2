/// A noise predictor that can be told the class y of the sample it denoises: ε(x_t, t, y),
/// and, when told nothing, the unconditional ε(x_t, t). Classifier-free guidance needs both
/// from one model (Ho & Salimans 2022, §3.2); a network gets them by learning a "no label"
/// class beside the K real ones.
public protocol ConditionalNoisePredictor: Sendable {
    /// The schedule the predictor was made for (its T and ᾱ_t).
    var schedule: NoiseSchedule { get }
    /// K, the number of classes; labels run 0…K − 1.
    var classCount: Int { get }
    /// ε̂(x_t, t, y) with y = `labels[i]` for sample i of the flat batch `xt`, or the
    /// unconditional ε̂(x_t, t) for every sample when `labels` is nil.
    func predictNoise(xt: [Double], t: Int, dimension: Int, labels: [Int]?) -> [Double]
}

extension ConditionalNoisePredictor {
    /// The model with its label withheld: ε(x_t, t), for the samplers.
    public var unconditional: UnconditionalPredictor<Self> { UnconditionalPredictor(model: self) }

    /// The model told to draw class `labels[i]` for sample i: ε(x_t, t, y), which is
    /// classifier-free guidance with w = 0.
    public func conditioned(on labels: [Int]) -> ClassifierFreeGuidance<Self> {
        ClassifierFreeGuidance(model: self, labels: labels, guidanceScale: 0)
    }

    /// Checks that every label names one of the K classes.
    func checkLabels(_ labels: [Int], samples: Int) {
        precondition(labels.count == samples, "A batch of \(samples) samples needs \(samples) labels, not \(labels.count).")
        precondition(labels.allSatisfy { (0..<classCount).contains($0) }, "Every label must lie in 0…\(classCount - 1).")
    }
}

/// A conditional model asked for ε(x_t, t) without a label: the unconditional model that
/// classifier-free guidance pushes away from.
public struct UnconditionalPredictor<Model: ConditionalNoisePredictor>: NoisePredictor, Sendable {
    public let model: Model
    public var schedule: NoiseSchedule { model.schedule }

    public func predictNoise(xt: [Double], t: Int, dimension: Int) -> [Double] {
        model.predictNoise(xt: xt, t: t, dimension: dimension, labels: nil)
    }
}
