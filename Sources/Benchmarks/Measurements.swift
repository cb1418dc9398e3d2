@_spi(Benchmarks) import Diffusion

/// The swiss roll, 10,000 points: training data for the 2D speed benchmarks.
let swissRoll: [SIMD2<Double>] = {
    var rng = Xoshiro256(seed: 0)
    return Toy2D.swissRoll.sample(count: 10_000, using: &rng)
}()

/// 2,000 images of uniform noise in [−1, 1]: training data for the U-Net's speed (the
/// values do not change the work a step does).
func noiseImages(dimension: Int) -> [Double] {
    var rng = Xoshiro256(seed: 3)
    return (0..<(2000 * dimension)).map { _ in 2 * rng.uniform() - 1 }
}

/// One 128 × 128 × 128 float product, the kernel behind every layer, on one thread.
func measureMatrixProduct(trials: Int) {
    let n = 128, repetitions = 2000
    var rng = Xoshiro256(seed: 1)
    let a = (0..<(n * n)).map { _ in Float(rng.uniform()) }, b = (0..<(n * n)).map { _ in Float(rng.uniform()) }
    var c = [Float](repeating: 0, count: n * n)
    let time = bestOf(trials) { for _ in 0..<repetitions { KernelProbes.multiplySquare(a, b, size: n, into: &c) } }
    var m = Measurement("matmul_128")
    (m.threads, m.seconds, m.gflops) = (1, time / Double(repetitions), 2 * Double(n * n * n) * Double(repetitions) / time / 1e9)
    m.print()
}

/// Trains `steps` steps of `configuration` after a warm-up of a tenth as many (at most 200)
/// and reports steps per second and the products' GFLOP/s.
func measureTraining(_ name: String, _ configuration: TrainingConfiguration, threads: Int, steps: Int) throws {
    var configuration = configuration
    configuration.threads = threads
    let trainer: Trainer
    if configuration.dimension == 2 {
        trainer = try Trainer(configuration: configuration, data: swissRoll)
    } else {
        trainer = try Trainer(configuration: configuration, samples: noiseImages(dimension: configuration.dimension))
    }
    try trainer.train(steps: max(1, min(200, steps / 10)))
    var lastLoss = 0.0
    let cpuStart = processorSeconds()
    let time = try seconds { try trainer.train(steps: steps) { _, loss in lastLoss = loss } }
    let cpuTime = processorSeconds() - cpuStart
    let multiplyAdds = KernelProbes.forwardMultiplyAdds(configuration.networkShape, timesteps: configuration.schedule.timesteps)
    var m = Measurement(name)
    (m.threads, m.seconds, m.cpuSeconds, m.steps, m.stepsPerSecond) = (threads, time, cpuTime, steps, Double(steps) / time)
    m.gflops = 3 * 2 * Double(multiplyAdds * configuration.batchSize) * Double(steps) / time / 1e9
    (m.model, m.width, m.depth, m.batch) = (configuration.model.rawValue, configuration.width, configuration.depth, configuration.batchSize)
    (m.timesteps, m.parameters, m.lastLoss) = (configuration.schedule.timesteps, trainer.parameterCount, lastLoss)
    m.print()
}

/// ε̂ for 10,000 points at each of the 100 steps of the tutorial network (both threads).
func measurePrediction(trials: Int) throws {
    let trainer = try Trainer(configuration: .tutorial2d, data: swissRoll)
    try trainer.train(steps: 100)
    let model = trainer.model
    var rng = Xoshiro256(seed: 2)
    let points = rng.gaussians(20_000)
    let time = bestOf(trials) {
        for t in stride(from: 100, through: 1, by: -1) { _ = model.predictNoise(xt: points, t: t, dimension: 2) }
    }
    var m = Measurement("predict_tutorial")
    (m.seconds, m.points, m.steps) = (time, 10_000, 100)
    m.print()
}

/// Lesson05's main run: the library's DDPM sampler (σ² = β), 2,000 points through all
/// T = 1000 steps of the default network.
func measureSampling() throws {
    let trainer = try Trainer(configuration: .default, data: swissRoll)
    try trainer.train(steps: 10)
    let model = trainer.model
    let sampler = DDPMSampler(schedule: model.schedule, variance: .beta)
    let time = seconds { _ = sampler.run(predictor: model, count: 2000, dimension: 2, seed: 1) }
    var m = Measurement("sample_ddpm")
    (m.seconds, m.points, m.steps, m.model) = (time, 2000, model.schedule.timesteps, model.shape.kind.rawValue)
    m.print()
}

/// The library's energy distance between two sets of 2,000 points.
func measureEnergyDistance(trials: Int) {
    var rng = Xoshiro256(seed: 4)
    let x = Toy2D.ring.sample(count: 2000, using: &rng), y = Toy2D.ring.sample(count: 2000, using: &rng)
    var value = 0.0
    let time = bestOf(trials) { value = energyDistance(x, y) }
    var m = Measurement("energy_distance")
    (m.seconds, m.points, m.energy) = (time, 2000, value)
    m.print()
}

/// Trains `steps` steps of `configuration` from its seed and prints a hash of the EMA
/// weights: two builds (or two machines) that print the same hash trained the same bits.
func fingerprint(_ configuration: TrainingConfiguration, threads: Int, steps: Int) throws {
    var configuration = configuration
    configuration.threads = threads
    let trainer = configuration.dimension == 2 ? try Trainer(configuration: configuration, data: swissRoll)
        : try Trainer(configuration: configuration, samples: noiseImages(dimension: configuration.dimension))
    var lastLoss = 0.0
    try trainer.train(steps: steps) { _, loss in lastLoss = loss }
    var hash: UInt64 = 0xcbf2_9ce4_8422_2325
    for value in KernelProbes.parameters(of: trainer.model) {
        for byte in withUnsafeBytes(of: value.bitPattern.littleEndian, Array.init) { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3 }
    }
    var m = Measurement("fingerprint")
    (m.threads, m.steps, m.model, m.lastLoss) = (threads, steps, configuration.model.rawValue, lastLoss)
    m.weightsHash = String(hash, radix: 16)
    m.print()
}
