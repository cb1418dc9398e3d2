import Diffusion
import Foundation

/// Energy distance (Székely & Rizzo 2013) between two point sets, as the PyTorch reference
/// computes it: 2 E|X − Y| − E|X − X′| − E|Y − Y′|, each mean over all pairs (diagonal
/// included), on the first `limit` points of each set.
func energyDistance(_ x: [SIMD2<Double>], _ y: [SIMD2<Double>], limit: Int = 2000) -> Double {
    let x = Array(x.prefix(limit)), y = Array(y.prefix(limit))
    func meanDistance(_ a: [SIMD2<Double>], _ b: [SIMD2<Double>]) -> Double {
        var sum = 0.0
        for p in a { for q in b { let d = p - q; sum += (d * d).sum().squareRoot() } }
        return sum / Double(a.count * b.count)
    }
    return 2 * meanDistance(x, y) - meanDistance(x, x) - meanDistance(y, y)
}

/// Ancestral sampling (Ho et al. 2020, Algorithm 2) with σ_t² = β_t: x_T ~ N(0, I), then
/// x_{t−1} = μ_θ(x_t, t) + σ_t z, with the mean from the network's ε̂ (eq. 11).
func sampleDDPM(_ model: NoiseNetwork, count: Int, seed: UInt64) -> [SIMD2<Double>] {
    var rng = Xoshiro256(seed: seed)
    let schedule = model.schedule
    var x = rng.gaussians(2 * count)
    for t in schedule.steps.reversed() {
        let mean = schedule.meanFromEps(xt: x, t: t, eps: model.predictNoise(xt: x, t: t, dimension: 2))
        let sigma = t > 1 ? schedule.beta(t).squareRoot() : 0
        x = mean.map { $0 + sigma * rng.gaussian() }
    }
    return [SIMD2<Double>](flat: x)
}

/// Trains `configuration` on `data` (timed), samples 2000 points and reports their energy
/// distance to held-out data over the data-vs-held-out floor.
func measureQuality(_ configuration: TrainingConfiguration, data: [SIMD2<Double>]) throws {
    let trainer = try Trainer(configuration: configuration, data: data)
    var lossSum = 0.0
    let trainTime = try seconds {
        try trainer.train { step, loss in
            if step > configuration.steps - 500 { lossSum += loss }
        }
    }
    let model = trainer.model
    var samples: [SIMD2<Double>] = []
    let sampleTime = seconds { samples = sampleDDPM(model, count: 2000, seed: 7) }
    var rng = Xoshiro256(seed: 99)
    let heldOut = Toy2D.swissRoll.sample(count: 2000, using: &rng)
    let energy = energyDistance(samples, heldOut), floor = energyDistance(data, heldOut)
    report("quality", ["energy_over_floor": energy / floor, "energy": energy, "floor": floor,
                       "train_s": trainTime, "steps": configuration.steps, "steps_per_s": Double(configuration.steps) / trainTime,
                       "sample_2000_s": sampleTime, "final_loss_avg500": lossSum / 500,
                       "model": configuration.model.rawValue, "width": configuration.width, "depth": configuration.depth,
                       "batch": configuration.batchSize, "T": configuration.schedule.timesteps,
                       "schedule": configuration.schedule.kind?.rawValue ?? "custom", "lr": configuration.learningRate,
                       "ema": configuration.emaDecay])
}

extension TrainingOverrides {
    /// The values named in `environment` (STEPS, WIDTH, DEPTH, BATCH, LR, EMA, SEED, T, SCHEDULE).
    init(environment: [String: String]) {
        func value<T: LosslessStringConvertible>(_ key: String) -> T? { environment[key].flatMap(T.init) }
        self.init(width: value("WIDTH"), depth: value("DEPTH"), steps: value("STEPS"), batchSize: value("BATCH"),
                  learningRate: value("LR"), emaDecay: value("EMA"),
                  schedule: environment["SCHEDULE"].flatMap(ScheduleKind.init(rawValue:)), timesteps: value("T"), seed: value("SEED"))
    }
}
