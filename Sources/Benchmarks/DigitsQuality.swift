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
    var trainingRNG = Xoshiro256(seed: seed, stream: 1)
    let training = DigitImages.generate(count: 20_000, using: &trainingRNG)
    let pixels = training.width * training.height
    let flat = training.images.flatMap { $0 }
    var settings = ClassifierTraining()
    (settings.epochs, settings.seed) = (12, seed)
    let classifier = ImageClassifier.train(images: flat, labels: training.labels, pixels: pixels, settings: settings)
    var c = configuration
    c.dimension = pixels
    let trainer = try Trainer(configuration: c, samples: flat)
    let trainTime = try seconds { try trainer.train() }
    func shares(_ network: NoiseNetwork) throws -> (ddpm: Double, ddim: Double) {
        let ddpm = DDPMSampler(schedule: network.schedule, variance: .beta, clipping: .range(-1...1))
        let ddim = try DDIMSampler(schedule: network.schedule, steps: 20, eta: 0, clipping: .range(-1...1))
        func share(_ images: [Double]) -> Double { ClassifierScore(classifier: classifier, images: images).confidentShare }
        return (share(ddpm.run(predictor: network, count: count, dimension: pixels, seed: seed).samples),
                share(ddim.run(predictor: network, count: count, dimension: pixels, seed: seed).samples))
    }
    let (ema, raw) = (try shares(trainer.model), try shares(trainer.currentModel))
    var m = Measurement("digits")
    (m.seconds, m.steps, m.stepsPerSecond, m.threads) = (trainTime, c.steps, Double(c.steps) / trainTime, c.threads)
    (m.width, m.depth, m.batch, m.learningRate, m.ema, m.seed) = (c.width, c.depth, c.batchSize, c.learningRate, c.emaDecay, c.seed)
    if case .minSNR(let gamma) = c.lossWeighting { m.minSNR = gamma }
    (m.confidentDDPM, m.confidentDDIM, m.rawConfidentDDPM, m.rawConfidentDDIM, m.samples) = (ema.ddpm, ema.ddim, raw.ddpm, raw.ddim, count)
    m.print()
}
