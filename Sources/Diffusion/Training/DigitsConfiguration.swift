extension TrainingConfiguration {
    /// The workbook's image model (Lesson 07): the convolutional U-Net for 16 × 16 images,
    /// 32 channels on 8 × 8 patches and 64 on 4 × 4, one block per level, on the cosine
    /// schedule with T = 1000 (Nichol & Dhariwal 2021: small images lose their signal early
    /// under the linear one), the loss weighted by Min-SNR-5 (Hang et al. 2023;
    /// Lessons/Lesson07/model/README.md has the measurements behind each choice).
    public static let digits: TrainingConfiguration = {
        var configuration = TrainingConfiguration(
            model: .convolutional, width: 32, depth: 1, timeEmbeddingDimension: 32,
            schedule: NoiseSchedule(.cosine, timesteps: 1000),
            loss: .l2, timeSampling: .uniform, steps: 80_000, batchSize: 128, learningRate: 5e-3, warmupSteps: 500,
            learningRateDecay: .cosine, emaDecay: 0.999, clipNorm: 1, seed: 0)
        configuration.dimension = 256
        configuration.timeInEveryBlock = true
        configuration.lossWeighting = .minSNR(gamma: 5)
        return configuration
    }()
}

extension TrainingConfiguration {
    /// Lesson10's velocity network for the digits: the `digits` preset with `overrides` (the
    /// same U-Net, optimizer and steps), to train by flow matching (`FlowMatching.digits`)
    /// instead of Algorithm 1, every t weighed alike (no Min-SNR: the logit-normal t of
    /// `FlowMatching.digits` is what puts more of the training on some times than others).
    public static func digitsFlow(_ overrides: TrainingOverrides = TrainingOverrides()) -> TrainingConfiguration {
        var configuration = TrainingConfiguration(preset: .digits, overrides: overrides)
        configuration.lossWeighting = .uniform
        return configuration
    }
}

extension FlowMatching {
    /// The flow matching of `TrainingConfiguration.digitsFlow`: Gaussian noise as the source,
    /// t logit-normal (Esser et al. 2024, §3.1).
    public static let digits = FlowMatching(source: .gaussian, timeSampling: .logitNormal)
}
