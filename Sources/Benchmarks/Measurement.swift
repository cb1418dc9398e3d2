import Diffusion
import Foundation

/// One result line of the benchmarks, printed as one JSON object. Only the fields a
/// measurement fills are written (nil fields are left out).
struct Measurement: Encodable {
    /// What was measured: `matmul_128`, `train_default`, `train_tutorial`, `train_unet`,
    /// `predict_tutorial`, `sample_ddpm`, `energy_distance`, `quality`, `digits`.
    var name: String
    /// Which build of the kernels ran: `avx2` or `avx512` (`KernelLevel`; the environment
    /// variable `DIFFUSION_KERNELS=avx2` asks for the first on an AVX-512 CPU).
    var kernels = KernelLevel.active.rawValue
    var threads: Int?
    var seconds: Double?
    /// CPU seconds of the process over the same span (both threads' when there are two).
    var cpuSeconds: Double?
    var stepsPerSecond: Double?
    var steps: Int?
    /// Billions of floating-point operations per second in the matrix products (a multiply-add
    /// counts as two; a training step counted as three forward passes).
    var gflops: Double?
    var model: String?
    var width: Int?
    var depth: Int?
    var batch: Int?
    var timesteps: Int?
    var parameters: Int?
    var points: Int?
    var lastLoss: Double?
    var energyOverFloor: Double?
    var energy: Double?
    var floor: Double?
    /// Root-mean-square distance of each sample to its nearest ring component, per axis
    /// (the ring's components have standard deviation 0.1).
    var componentSpread: Double?
    /// L_simple of the trained network over the ideal denoiser's floor at t = 890 (near T,
    /// where every chain starts).
    var lateLossOverFloor: Double?
    var seed: UInt64?
    var learningRate: Double?
    var ema: Double?
    /// FNV-1a hash of the trained weights' bits, to compare builds and machines bit for bit.
    var weightsHash: String?
    /// `digits`: the share of DDPM and of DDIM (S = 20) samples that Lesson07's classifier
    /// labels with p ≥ 0.9, for the EMA weights and for the raw ones; the samples per set.
    var confidentDDPM: Double?, confidentDDIM: Double?, rawConfidentDDPM: Double?, rawConfidentDDIM: Double?
    var samples: Int?
    /// `digits`: γ of the Min-SNR loss weighting, when there is one.
    var minSNR: Double?
    /// `digits` of a velocity network: the sampler ("euler"), its model calls, and the share
    /// of its samples that Lesson07's classifier labels with p ≥ 0.9; how t was drawn in training.
    var sampler: String?, modelCalls: Int?, confident: Double?, flowTimeSampling: String?

    init(_ name: String) { self.name = name }

    enum CodingKeys: String, CodingKey {
        case name, kernels, threads, seconds, cpuSeconds = "cpu_seconds", stepsPerSecond = "steps_per_s", steps, gflops, model, width, depth, batch
        case timesteps = "T", parameters, points, lastLoss = "last_loss", energyOverFloor = "energy_over_floor", energy, floor
        case componentSpread = "component_spread", lateLossOverFloor = "late_loss_over_floor", seed, learningRate = "lr", ema, weightsHash = "weights_hash"
        case confidentDDPM = "confident_ddpm", confidentDDIM = "confident_ddim", rawConfidentDDPM = "raw_confident_ddpm"
        case rawConfidentDDIM = "raw_confident_ddim", samples, minSNR = "min_snr"
        case sampler, modelCalls = "model_calls", confident, flowTimeSampling = "flow_time_sampling"
    }

    /// Prints the measurement as one line of JSON.
    func print() {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        let data = try! encoder.encode(self)  // Strings, integers and numbers always encode.
        Swift.print(String(decoding: data, as: UTF8.self))
    }
}
