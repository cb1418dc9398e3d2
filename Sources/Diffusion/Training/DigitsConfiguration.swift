extension TrainingConfiguration {
    /// The workbook's image model (Lesson 07): the convolutional U-Net for 16 × 16 images,
    /// 32 channels on 8 × 8 patches and 64 on 4 × 4, one block per level, on the cosine
    /// schedule with T = 1000 (Nichol & Dhariwal 2021: small images lose their signal early
    /// under the linear one). Chosen by measurement on a 2-core machine against the residual
    /// MLP of the 2D lessons made wide enough for 256 pixels (see the README's "Lesson07's
    /// shipped model"): the U-Net draws recognizable digits; the MLP, given more steps and
    /// more weights, drew blurred blobs.
    public static let digits: TrainingConfiguration = {
        var configuration = TrainingConfiguration(
            model: .convolutional, width: 32, depth: 1, timeEmbeddingDimension: 32,
            schedule: NoiseSchedule(.cosine, timesteps: 1000),
            loss: .l2, timeSampling: .uniform, steps: 32_000, batchSize: 128, learningRate: 2e-3, warmupSteps: 500,
            learningRateDecay: .cosine, emaDecay: 0.999, clipNorm: 1, seed: 0)
        configuration.dimension = 256
        configuration.timeInEveryBlock = true
        return configuration
    }()
}
