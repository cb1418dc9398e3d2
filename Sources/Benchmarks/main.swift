// Speed of the networks: `swift run -c release Benchmarks` prints one JSON object per line.
// Compare with the PyTorch reference (shared/bench/torch_2d.py) run right after, on the
// same machine. `Benchmarks quality` also trains the default model and scores its samples.
@_spi(Benchmarks) import Diffusion
import Foundation

let arguments = Set(CommandLine.arguments.dropFirst())

// 1. One 128 × 128 × 128 float product, the kernel behind every layer.
do {
    let n = 128, repetitions = 2000
    var rng = Xoshiro256(seed: 1)
    let a = (0..<(n * n)).map { _ in Float(rng.uniform()) }, b = (0..<(n * n)).map { _ in Float(rng.uniform()) }
    var c = [Float](repeating: 0, count: n * n)
    let time = bestOf(5) { for _ in 0..<repetitions { KernelProbes.multiplySquare(a, b, size: n, into: &c) } }
    report("matmul_128", ["gflops": 2 * Double(n * n * n) * Double(repetitions) / time / 1e9, "threads": 1])
}

// 2. Training steps per second of the 2D tutorial's setting (batch 128, width 128, T = 100).
let swissRoll = { () -> [SIMD2<Double>] in
    var rng = Xoshiro256(seed: 0)
    return Toy2D.swissRoll.sample(count: 10_000, using: &rng)
}()

func trainingSpeed(_ name: String, _ configuration: TrainingConfiguration, steps: Int) throws {
    let trainer = try Trainer(configuration: configuration, data: swissRoll)
    try trainer.train(steps: min(200, steps / 10))
    var lastLoss = 0.0
    let time = try seconds { try trainer.train(steps: steps) { _, loss in lastLoss = loss } }
    report(name, ["steps_per_s": Double(steps) / time, "steps": steps, "seconds": time, "batch": configuration.batchSize,
                  "width": configuration.width, "T": configuration.schedule.timesteps, "threads": configuration.threads,
                  "parameters": trainer.parameterCount, "last_loss": lastLoss])
}

if !arguments.contains("gaussian") {
for threads in [2, 1] {
    var configuration = TrainingConfiguration.tutorial2d
    configuration.threads = threads
    try trainingSpeed("train_tutorial", configuration, steps: 3000)
}

}
// 3. Sampling-side throughput: ε̂ for 10,000 points at each of the 100 steps.
do {
    let trainer = try Trainer(configuration: .tutorial2d, data: swissRoll)
    try trainer.train(steps: 100)
    let model = trainer.model
    var rng = Xoshiro256(seed: 2)
    let points = rng.gaussians(20_000)
    let time = bestOf(3) {
        for t in stride(from: 100, through: 1, by: -1) { _ = model.predictNoise(xt: points, t: t, dimension: 2) }
    }
    report("predict_tutorial_10k_x_100", ["seconds": time, "points": 10_000, "steps": 100])
}

if arguments.contains("gaussian") {
    var rng = Xoshiro256(seed: 4)
    let data = (0..<10_000).map { _ in SIMD2(0.5 * rng.gaussian(), 0.5 * rng.gaussian()) }
    let configuration = TrainingConfiguration(
        model: .residual, width: 64, depth: 2, timeEmbeddingDimension: 16,
        schedule: NoiseSchedule(.linear, timesteps: 100, betaStart: 1e-4, betaEnd: 0.04),
        steps: 800, batchSize: 256, learningRate: 2e-3, warmupSteps: 50, learningRateDecay: .cosine,
        emaDecay: 0.99, clipNorm: 1, seed: 3)
    let trainer = try Trainer(configuration: configuration, data: data)
    let time = try seconds { try trainer.train() }
    report("gaussian_check_training", ["seconds": time, "steps": 800])
}
