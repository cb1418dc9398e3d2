import Diffusion
import Foundation
import ImageData

/// Trains `configuration` (Lesson07's U-Net with a recipe's changes, from its own seed) on
/// the 20,000 built-in digits Lesson07 draws from `lessonSeed`, then judges 200 DDPM samples
/// (σ² = β, x̂_0 clipped) and 200 DDIM samples (S = 20, η = 0) of the EMA and of the raw
/// weights with Lesson07's classifier: the share it labels with p ≥ 0.9, as Lesson07's
/// quality cell counts it. The data, the classifier and the samples use `lessonSeed` (the
/// lesson's default --seed), so runs that differ in their recipe see the same images.
func measureDigits(_ configuration: TrainingConfiguration, lessonSeed seed: UInt64 = 2020, samples count: Int = 200) throws {
    let judge = DigitsJudge(lessonSeed: seed, samples: count)
    var c = configuration
    c.dimension = judge.pixels
    let trainer = try Trainer(configuration: c, samples: judge.training)
    let trainTime = try seconds { try trainer.train() }
    let (ema, raw) = (try judge.shares(trainer.model), try judge.shares(trainer.currentModel))
    var m = Measurement("digits")
    (m.seconds, m.steps, m.stepsPerSecond, m.threads) = (trainTime, c.steps, Double(c.steps) / trainTime, c.threads)
    (m.width, m.depth, m.batch, m.learningRate, m.ema, m.seed) = (c.width, c.depth, c.batchSize, c.learningRate, c.emaDecay, c.seed)
    if case .minSNR(let gamma) = c.lossWeighting { m.minSNR = gamma }
    (m.confidentDDPM, m.confidentDDIM, m.rawConfidentDDPM, m.rawConfidentDDIM, m.samples) = (ema.ddpm, ema.ddim, raw.ddpm, raw.ddim, count)
    m.print()
}

/// Judges a saved image model (`--checkpoint`) as `measureDigits` judges a trained one: its
/// DDPM and DDIM samples' confident shares under Lesson07's classifier.
func measureDigits(checkpoint path: String, lessonSeed seed: UInt64 = 2020, samples count: Int) throws {
    let judge = DigitsJudge(lessonSeed: seed, samples: count)
    let network = try NoiseNetwork(contentsOf: URL(fileURLWithPath: path), dimension: judge.pixels)
    let shares = try judge.shares(network)
    var m = Measurement("digits_checkpoint")
    (m.confidentDDPM, m.confidentDDIM, m.samples, m.seed) = (shares.ddpm, shares.ddim, count, seed)
    m.print()
}

/// Lesson07's training digits (from its seed) and its classifier, and how a model's samples
/// are scored: the share of DDPM (σ² = β) and DDIM (S = 20, η = 0) samples, x̂_0 clipped,
/// from the lesson's seed, that the classifier labels with p ≥ 0.9.
struct DigitsJudge {
    let seed: UInt64, count: Int
    let training: [Double]
    let pixels: Int
    let classifier: ImageClassifier

    init(lessonSeed seed: UInt64, samples count: Int) {
        var trainingRNG = Xoshiro256(seed: seed, stream: 1)
        let images = DigitImages.generate(count: 20_000, using: &trainingRNG)
        (self.seed, self.count, pixels, training) = (seed, count, images.width * images.height, images.images.flatMap { $0 })
        var settings = ClassifierTraining()
        (settings.epochs, settings.seed) = (12, seed)
        classifier = ImageClassifier.train(images: training, labels: images.labels, pixels: pixels, settings: settings)
    }

    func shares(_ network: NoiseNetwork) throws -> (ddpm: Double, ddim: Double) {
        let ddpm = DDPMSampler(schedule: network.schedule, variance: .beta, clipping: .range(-1...1))
        let ddim = try DDIMSampler(schedule: network.schedule, steps: 20, eta: 0, clipping: .range(-1...1))
        func share(_ images: [Double]) -> Double { ClassifierScore(classifier: classifier, images: images).confidentShare }
        return (share(ddpm.run(predictor: network, count: count, dimension: pixels, seed: seed).samples),
                share(ddim.run(predictor: network, count: count, dimension: pixels, seed: seed).samples))
    }
}
