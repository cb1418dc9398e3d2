import Diffusion

/// Trains `steps` steps after a short warm-up and reports steps per second.
func measureTraining(_ name: String, _ configuration: TrainingConfiguration, data: [SIMD2<Double>], steps: Int) throws {
    let trainer = try Trainer(configuration: configuration, data: data)
    try trainer.train(steps: min(200, steps / 10))
    var lastLoss = 0.0
    let time = try seconds { try trainer.train(steps: steps) { _, loss in lastLoss = loss } }
    report(name, ["steps_per_s": Double(steps) / time, "steps": steps, "seconds": time,
                  "model": configuration.model.rawValue, "width": configuration.width, "depth": configuration.depth,
                  "batch": configuration.batchSize, "T": configuration.schedule.timesteps, "threads": configuration.threads,
                  "parameters": trainer.parameterCount, "last_loss": lastLoss])
}
