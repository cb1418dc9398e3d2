// Speed of the networks, the sampler and the metric: `swift run -c release Benchmarks`
// prints one JSON object per line. bench/README.md runs it beside the PyTorch versions
// of the same networks and prints the ratios.
@_spi(Benchmarks) import Diffusion
import ArgumentParser
import Foundation

/// The things `Benchmarks` can measure.
enum Benchmark: String, CaseIterable, ExpressibleByArgument {
    case matmul, tutorial, `default`, unet, predict, sampling, energy, quality, digits, fingerprint

    /// Measured when none is named: all but `quality` and `digits`, which train a whole
    /// model, and `fingerprint`, which checks reproducibility rather than speed.
    static var standard: [Benchmark] { allCases.filter { ![.quality, .digits, .fingerprint].contains($0) } }
}

struct Benchmarks: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Times the workbook's kernels, networks, sampler and energy distance; one JSON line per measurement.",
        discussion: """
            Training benchmarks: steps per second of Trainer.step() after a short warm-up, and \
            GFLOP/s in the matrix products. `quality` trains the default model on the ring of \
            8 Gaussians (as Lesson04 does) and scores Lesson05's DDPM samples of it; `digits` \
            trains Lesson07's U-Net on its built-in digits and judges its DDPM and DDIM samples \
            with Lesson07's classifier.
            """)

    @Argument(help: "What to measure (\(Benchmark.allCases.map(\.rawValue).joined(separator: ", "))); default: all but quality, digits and fingerprint.")
    var benchmarks: [Benchmark] = []

    @Option(parsing: .upToNextOption, help: "Thread counts for the training benchmarks.")
    var threads: [Int] = [2, 1]

    @Option(help: "Timed training steps (default: 2000 for the 2D networks, 40 for the U-Net).")
    var steps: Int?

    @Option(help: "Timings per measurement of the non-training benchmarks; the fastest is reported.")
    var trials = 3

    @OptionGroup var recipe: RecipeOptions

    @Option(help: ArgumentHelp("digits: judge this saved image model instead of training one.", valueName: "file"))
    var checkpoint: String?

    @Option(help: "digits: DDPM and DDIM samples to judge, each.")
    var samples = 200

    @Option(help: ArgumentHelp("digits: train a velocity network by flow matching (Lesson10) with t drawn this way "
                               + "(\(FlowTimeSampling.allCases.map(\.rawValue).joined(separator: ", "))), and judge its "
                               + "Euler samples at 5, 10, 20 and 50 model calls.", valueName: "sampling"))
    var flowTimeSampling: FlowTimeSampling?

    @Flag(help: ArgumentHelp("digits with the --checkpoint of a noise predictor: judge DDIM at 5, 10, 20 and 50 model "
                             + "calls (Lesson10's comparison) instead of DDPM and DDIM at 20."))
    var ddimCalls = false

    func validate() throws {
        guard threads.allSatisfy({ $0 == 1 || $0 == 2 }) else { throw ValidationError("--threads takes 1 and/or 2") }
        if let steps, steps < 1 { throw ValidationError("--steps must be at least 1 (got \(steps))") }
        guard samples >= 1 else { throw ValidationError("--samples must be at least 1 (got \(samples))") }
        if ddimCalls && checkpoint == nil { throw ValidationError("--ddim-calls judges a saved model: give --checkpoint") }
        if flowTimeSampling != nil && checkpoint != nil {
            throw ValidationError("--flow-time-sampling trains a model; a --checkpoint is judged as it is saved")
        }
        guard trials >= 1 else { throw ValidationError("--trials must be at least 1 (got \(trials))") }
    }

    func run() throws {
        let selected = benchmarks.isEmpty ? Benchmark.standard : benchmarks
        for benchmark in selected {
            switch benchmark {
            case .matmul: measureMatrixProduct(trials: trials)
            case .tutorial:
                for count in threads { try measureTraining("train_tutorial", .tutorial2d, threads: count, steps: steps ?? 2000) }
            case .default:
                for count in threads { try measureTraining("train_default", .default, threads: count, steps: steps ?? 2000) }
            case .unet:
                for count in threads { try measureTraining("train_unet", .digits, threads: count, steps: steps ?? 40) }
            case .predict: try measurePrediction(trials: trials)
            case .sampling: try measureSampling()
            case .energy: measureEnergyDistance(trials: trials)
            case .quality:
                var configuration = recipe.configuration(.default)
                configuration.threads = threads[0]
                try measureQuality(configuration, sampleSeeds: recipe.sampleSeeds)
            case .digits:
                if let checkpoint {
                    try measureDigits(checkpoint: checkpoint, samples: samples, ddimCalls: ddimCalls)
                } else if let flowTimeSampling {
                    var configuration = recipe.configuration(.digits)
                    configuration.threads = threads[0]
                    if recipe.minSNR == nil { configuration.lossWeighting = .uniform }
                    try measureFlowDigits(configuration, flow: FlowMatching(source: .gaussian, timeSampling: flowTimeSampling),
                                          samples: samples)
                } else {
                    var configuration = recipe.configuration(.digits)
                    configuration.threads = threads[0]
                    try measureDigits(configuration, samples: samples)
                }
            case .fingerprint:
                for count in threads {
                    try fingerprint(.default, threads: count, steps: steps ?? 100)
                    try fingerprint(.digits, threads: count, steps: steps ?? 100)
                }
            }
        }
    }
}

Benchmarks.main()
