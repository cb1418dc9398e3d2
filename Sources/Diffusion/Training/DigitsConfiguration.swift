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

extension TrainingConfiguration {
    /// Lesson 09's class-conditional image model: the `digits` U-Net with a label table per
    /// block for the 10 digits and the null label, trained with labels dropped with
    /// p_uncond = 0.2 (Ho & Salimans 2022 found 0.1–0.2 best, §4.1), 12,000 steps: a third
    /// of `digits`' steps, as the label tells the network which digit to draw.
    public static let conditionalDigits: TrainingConfiguration = {
        var configuration = TrainingConfiguration.digits
        (configuration.labelClasses, configuration.labelDropout) = (10, 0.2)
        configuration.steps = 12_000
        return configuration
    }()
}
