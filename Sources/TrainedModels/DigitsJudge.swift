import Diffusion
import ImageData

/// Lesson07's training digits (from its seed) and its classifier, and how a model's samples
/// are scored: the share of samples from the lesson's seed that the classifier labels with
/// p ≥ 0.9, as Lesson07's quality cell counts it. `Benchmarks digits` and Lesson10 judge with it.
public struct DigitsJudge {
    /// The lesson's seed: of the digits, the classifier and the samples' noise.
    public let seed: UInt64
    /// Samples judged per sampler.
    public let count: Int
    /// Lesson07's 20,000 training digits, flat.
    public let training: [Double]
    public let pixels: Int
    public let classifier: ImageClassifier
    /// The threshold on max_k p(k | image) for a confident label (Lesson07's).
    public static let threshold = 0.9

    /// Lesson07's training digits and classifier (12 epochs) from `seed`, to judge `count` samples per sampler.
    public init(lessonSeed seed: UInt64, samples count: Int) {
        let digits = Self.trainingDigits(lessonSeed: seed)
        (self.seed, self.count, pixels, training) = (seed, count, digits.pixels, digits.images)
        var settings = ClassifierTraining()
        (settings.epochs, settings.seed) = (12, seed)
        classifier = ImageClassifier.train(images: training, labels: digits.labels, pixels: pixels, settings: settings)
    }

    /// Lesson07's 20,000 built-in training digits from its seed (stream 1): flat, with their labels.
    public static func trainingDigits(lessonSeed seed: UInt64) -> (images: [Double], labels: [Int], pixels: Int) {
        var trainingRNG = Xoshiro256(seed: seed, stream: 1)
        let images = DigitImages.generate(count: 20_000, using: &trainingRNG)
        return (images.images.flatMap { $0 }, images.labels, images.width * images.height)
    }

    /// The share of `images` (flat) the classifier labels with p ≥ 0.9.
    public func confidentShare(_ images: [Double]) -> Double {
        ClassifierScore(classifier: classifier, images: images, threshold: Self.threshold).confidentShare
    }

    /// The confident shares of DDPM (σ² = β) and DDIM (S = 20, η = 0) samples, x̂_0 clipped.
    public func shares(_ network: NoiseNetwork) throws -> (ddpm: Double, ddim: Double) {
        let ddpm = DDPMSampler(schedule: network.schedule, variance: .beta, clipping: .range(-1...1))
        return (confidentShare(ddpm.run(predictor: network, count: count, dimension: pixels, seed: seed).samples),
                confidentShare(try ddimSamples(network, calls: 20)))
    }

    /// `count` DDIM samples (η = 0, x̂_0 clipped to [−1, 1], Lesson07's sampler) in `calls` steps.
    public func ddimSamples(_ network: NoiseNetwork, calls: Int) throws -> [Double] {
        let ddim = try DDIMSampler(schedule: network.schedule, steps: calls, eta: 0, clipping: .range(-1...1))
        return ddim.run(predictor: network, count: count, dimension: pixels, seed: seed).samples
    }

    /// `count` samples of a velocity network by Euler on `calls` equal steps of t from 1 to 0,
    /// from the same x_1 as DDIM's x_T. The last step lands on x̂_0 = x_t − t v̂, clipped to
    /// [−1, 1] as DDIM clips its x̂_0.
    public func eulerSamples(_ network: VelocityNetwork, calls: Int) -> [Double] {
        let start = NoiseStreams.initialNoise(count: count, dimension: pixels, seed: seed)
        let solver = FlowSolver(method: .euler, steps: calls)
        return solver.solve(network, from: start, dimension: pixels).samples.map { min(1, max(-1, $0)) }
    }
}
