extension TrainingConfiguration {
    /// The workbook's image model (Lesson 07): the residual SiLU network of `default` made
    /// wide enough for the 256 pixels of a 16 × 16 image, on DDPM's linear schedule with
    /// T = 1000 (Ho et al. 2020, §4). Chosen by measurement on a 2-core machine (see the
    /// README's "Lesson07's shipped model"): a few minutes of release-build training give
    /// digits a classifier recognizes, and Float32 weights under 2 MB.
    public static let digits: TrainingConfiguration = {
        var configuration = TrainingConfiguration(
            model: .residual, width: 256, depth: 2, timeEmbeddingDimension: 32,
            schedule: NoiseSchedule(.cosine, timesteps: 1000),
            loss: .l2, timeSampling: .uniform, steps: 20_000, batchSize: 128, learningRate: 1e-3, warmupSteps: 500,
            learningRateDecay: .cosine, emaDecay: 0.999, clipNorm: 1, seed: 0)
        configuration.dimension = 256
        return configuration
    }()
}
