import ArgumentParser
import Diffusion

extension LearningRateDecay: ExpressibleByArgument {}
extension TimeSampling: ExpressibleByArgument {}
extension FlowTimeSampling: ExpressibleByArgument {}

/// Changes to a preset's recipe for `quality` (the default preset) and `digits` (Lesson07's
/// U-Net), to measure what each does to time and samples.
struct RecipeOptions: ParsableArguments {
    @Option(help: "Training steps (quality, digits).") var trainSteps: Int?
    @Option(help: "Batch size (quality, digits).") var batchSize: Int?
    @Option(help: "Adam's learning rate (quality, digits).") var learningRate: Double?
    @Option(help: "Warm-up steps (quality, digits).") var warmup: Int?
    @Option(help: "Learning-rate decay: constant or cosine (quality, digits).") var decay: LearningRateDecay?
    @Option(help: "EMA decay (quality, digits).") var ema: Double?
    @Option(help: "Time sampling: \(TimeSampling.allCases.map(\.rawValue).joined(separator: ", ")) (quality, digits).")
    var timeSampling: TimeSampling?
    @Option(help: "γ of the Min-SNR loss weighting, Hang et al. 2023 (quality, digits; default: the preset's).")
    var minSNR: Double?
    @Flag(help: "Weigh every t alike, L_simple (quality, digits).") var uniformWeights = false
    @Option(help: "Units per hidden layer, or channels (quality, digits).") var width: Int?
    @Option(help: "Residual blocks, or blocks per level (quality, digits).") var depth: Int?
    @Flag(help: "Add a projection of PE(t) inside every residual block (quality).") var timeInEveryBlock = false
    @Option(help: "Seed of the training run (and of the ring's points for quality), as Lesson04's and Lesson07's --seed (quality, digits).") var trainSeed: UInt64 = 2020
    @Option(parsing: .upToNextOption, help: "Lesson05 --seed values to sample with (quality).") var sampleSeeds: [UInt64] = [1, 2, 3]

    func validate() throws {
        if minSNR != nil && uniformWeights { throw ValidationError("--min-snr and --uniform-weights exclude each other") }
    }

    /// `preset` with these changes, through the workbook's one preset-plus-overrides
    /// function for what it covers, then the recipe's own settings.
    func configuration(_ preset: TrainingPreset) -> TrainingConfiguration {
        var c = TrainingConfiguration(preset: preset, overrides: TrainingOverrides(
            width: width, depth: depth, steps: trainSteps, batchSize: batchSize, learningRate: learningRate, emaDecay: ema,
            seed: trainSeed))
        if let warmup { c.warmupSteps = min(warmup, c.steps / 10) }
        if let decay { c.learningRateDecay = decay }
        if let timeSampling { c.timeSampling = timeSampling }
        if let minSNR { c.lossWeighting = .minSNR(gamma: minSNR) }
        if uniformWeights { c.lossWeighting = .uniform }
        if timeInEveryBlock { c.timeInEveryBlock = true }
        return c
    }
}

/// Trains `configuration` on the ring of 8 Gaussians as Lesson04 does (10,000 points from its
/// seed), then for each sample seed draws Lesson05's 2,000 DDPM samples (σ² = β) and reports
/// their energy distance over the expected floor (Lesson05's held-out data) and how widely
/// they spread around their nearest component.
func measureQuality(_ configuration: TrainingConfiguration, sampleSeeds: [UInt64]) throws {
    var rng = Xoshiro256(seed: configuration.seed)
    let data = Toy2D.ring.sample(count: 10_000, using: &rng)
    let trainer = try Trainer(configuration: configuration, data: data)
    let trainTime = try seconds { try trainer.train() }
    let model = trainer.model
    let sampler = DDPMSampler(schedule: model.schedule, variance: .beta)
    let ring = GaussianMixture.ring()
    var evaluationRNG = Xoshiro256(seed: 5)
    let evaluation = Toy2D.ring.sample(count: 4000, using: &evaluationRNG)
    let lateLoss = model.lossPerTimestep(data: evaluation, seed: 6, loss: .l2, times: [890])[0].loss
    let lateFloor = IdealDenoiser(mixture: ring, schedule: model.schedule).lossFloor(t: 890, samples: 4000, seed: 7).mean
    for seed in sampleSeeds {
        let samples = [SIMD2<Double>](flat: sampler.run(predictor: model, count: 2000, dimension: 2, seed: seed).samples)
        var first = Xoshiro256(seed: seed, stream: 1001), second = Xoshiro256(seed: seed, stream: 1002)
        let score = EnergyDistanceComparison(samples: samples, data: Toy2D.ring.sample(count: 8000, using: &first),
                                             independentData: Toy2D.ring.sample(count: 2000, using: &second))
        var m = Measurement("quality")
        (m.seconds, m.steps, m.stepsPerSecond, m.threads) = (trainTime, configuration.steps, Double(configuration.steps) / trainTime,
                                                             configuration.threads)
        (m.energy, m.floor, m.energyOverFloor) = (score.distance, score.expectedFloor, score.distance / score.expectedFloor)
        m.componentSpread = componentSpread(samples, means: ring.means)
        m.lateLossOverFloor = lateLoss / lateFloor
        (m.seed, m.batch, m.learningRate, m.ema) = (seed, configuration.batchSize, configuration.learningRate, configuration.emaDecay)
        m.print()
    }
}

/// √(mean over samples of ‖x − μ_nearest‖² / 2): the per-axis standard deviation of the
/// samples around their nearest mixture component (0.1 for exact samples of the ring, up to
/// the few samples nearer another component).
func componentSpread(_ samples: [SIMD2<Double>], means: [SIMD2<Double>]) -> Double {
    let sum = samples.reduce(0.0) { total, x in
        total + means.map { (x - $0) * (x - $0) }.map { $0.sum() }.min()!
    }
    return (sum / Double(2 * samples.count)).squareRoot()
}
