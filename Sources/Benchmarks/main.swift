// Speed of the networks: `swift run -c release Benchmarks` prints one JSON object per line.
// Compare with a PyTorch run of the same models right after, on the same machine. Name
// benchmarks as arguments to run only those; `quality` (not run by default) trains the
// default model and scores its samples.
@_spi(Benchmarks) import Diffusion
import Foundation

let selected = Set(CommandLine.arguments.dropFirst())
func wanted(_ name: String, byDefault: Bool = true) -> Bool {
    selected.isEmpty ? byDefault : selected.contains(name)
}

let swissRoll = { () -> [SIMD2<Double>] in
    var rng = Xoshiro256(seed: 0)
    return Toy2D.swissRoll.sample(count: 10_000, using: &rng)
}()

// One 128 × 128 × 128 float product, the kernel behind every layer.
if wanted("matmul_128") {
    let n = 128, repetitions = 2000
    var rng = Xoshiro256(seed: 1)
    let a = (0..<(n * n)).map { _ in Float(rng.uniform()) }, b = (0..<(n * n)).map { _ in Float(rng.uniform()) }
    var c = [Float](repeating: 0, count: n * n)
    let time = bestOf(5) { for _ in 0..<repetitions { KernelProbes.multiplySquare(a, b, size: n, into: &c) } }
    report("matmul_128", ["gflops": 2 * Double(n * n * n) * Double(repetitions) / time / 1e9, "threads": 1])
}

// Training steps per second in the 2D tutorial's setting (batch 128, width 128, T = 100).
for threads in [2, 1] where wanted("train_tutorial") {
    var configuration = TrainingConfiguration.tutorial2d
    configuration.threads = threads
    try measureTraining("train_tutorial", configuration, data: swissRoll, steps: 3000)
}

// Training steps per second of the default model at the lesson's default configuration.
for threads in [2, 1] where wanted("train_default") || (threads == 1 && wanted("train_default_1", byDefault: false)) {
    var configuration = TrainingConfiguration.default
    configuration.threads = threads
    try measureTraining("train_default", configuration, data: swissRoll, steps: min(configuration.steps, 2000))
}

// The sampling side: ε̂ for 10,000 points at each of the 100 steps of the tutorial model.
if wanted("predict_tutorial") {
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

// Sample quality of the default configuration; environment variables STEPS, WIDTH, DEPTH,
// BATCH, LR, EMA, SEED, T and SCHEDULE override it, to explore other settings.
if wanted("quality", byDefault: false) {
    try measureQuality(TrainingConfiguration(preset: .default, overrides: TrainingOverrides(environment: ProcessInfo.processInfo.environment)),
                       data: swissRoll)
}
