import Diffusion
import Foundation
import ImageData
import TrainedModels

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

/// Trains `configuration` (Lesson10's velocity U-Net with a recipe's changes) by flow matching
/// with `flow` on Lesson07's 20,000 built-in digits, then judges its Euler samples
/// (`judgeFlow`).
func measureFlowDigits(_ configuration: TrainingConfiguration, flow: FlowMatching, lessonSeed seed: UInt64 = 2020,
                       samples count: Int) throws {
    let judge = DigitsJudge(lessonSeed: seed, samples: count)
    var c = configuration
    c.dimension = judge.pixels
    let trainer = try Trainer(configuration: c, samples: judge.training, flow: flow)
    let trainTime = try seconds { try trainer.train() }
    var m = Measurement("digits_flow")
    (m.seconds, m.steps, m.stepsPerSecond, m.threads) = (trainTime, c.steps, Double(c.steps) / trainTime, c.threads)
    (m.width, m.depth, m.batch, m.learningRate, m.ema, m.seed) = (c.width, c.depth, c.batchSize, c.learningRate, c.emaDecay, c.seed)
    m.flowTimeSampling = flow.timeSampling.rawValue
    judgeFlow(trainer.velocityModel, judge: judge, base: m)
}

/// The numbers of model calls Lesson10 compares samplers at.
let modelCalls = [5, 10, 20, 50]

/// One line per number of model calls (`modelCalls`): the share of `judge.count` Euler
/// samples of `network` that Lesson07's classifier labels with p ≥ 0.9.
func judgeFlow(_ network: VelocityNetwork, judge: DigitsJudge, base: Measurement) {
    for calls in modelCalls {
        var m = base
        (m.sampler, m.modelCalls, m.samples, m.seed) = ("euler", calls, judge.count, judge.seed)
        m.confident = judge.confidentShare(judge.eulerSamples(network, calls: calls))
        m.print()
    }
}

/// One line per number of model calls (`modelCalls`): the share of `judge.count` DDIM samples
/// (η = 0, x̂_0 clipped) of `network` that Lesson07's classifier labels with p ≥ 0.9.
func judgeDDIM(_ network: NoiseNetwork, judge: DigitsJudge, base: Measurement) throws {
    for calls in modelCalls {
        var m = base
        (m.sampler, m.modelCalls, m.samples, m.seed) = ("ddim", calls, judge.count, judge.seed)
        m.confident = judge.confidentShare(try judge.ddimSamples(network, calls: calls))
        m.print()
    }
}

/// Judges a saved image model (`--checkpoint`) as `measureDigits` judges a trained one: a
/// noise predictor's DDPM and DDIM samples' confident shares under Lesson07's classifier; a
/// velocity network's (its provenance says so) Euler samples', as `judgeFlow`.
/// With `ddimCalls`, a noise predictor's DDIM samples at each of `modelCalls` instead (`judgeDDIM`).
func measureDigits(checkpoint path: String, lessonSeed seed: UInt64 = 2020, samples count: Int, ddimCalls: Bool) throws {
    let url = URL(fileURLWithPath: path)
    let network: NoiseNetwork
    do {
        network = try NoiseNetwork(contentsOf: url, dimension: 256)
    } catch CheckpointError.predictionMismatch {
        let flow = try VelocityNetwork.load(contentsOf: url, dimension: 256)
        var m = Measurement("digits_flow_checkpoint")
        m.flowTimeSampling = flow.provenance.flow?.timeSampling.rawValue
        judgeFlow(flow.network, judge: DigitsJudge(lessonSeed: seed, samples: count), base: m)
        return
    }
    let judge = DigitsJudge(lessonSeed: seed, samples: count)
    if ddimCalls { return try judgeDDIM(network, judge: judge, base: Measurement("digits_checkpoint")) }
    let shares = try judge.shares(network)
    var m = Measurement("digits_checkpoint")
    (m.confidentDDPM, m.confidentDDIM, m.samples, m.seed) = (shares.ddpm, shares.ddim, count, seed)
    m.print()
}
