/// The class-conditional presets of Lesson 09: networks told the class y of each training
/// sample, with labels dropped with probability p_uncond so that one network also learns
/// the unconditional ε (Ho & Salimans 2022, Algorithm 1; they found p_uncond = 0.1–0.2
/// best, §4.1).
extension TrainingConfiguration {
    /// The ring of 8 Gaussians with y = the component: the `default` residual network made
    /// smaller (width 64, 2 blocks, the time embedding and the label in every block), 3,000
    /// steps of 256 points, p_uncond = 0.2, EMA 0.995 (a short run needs a short average).
    /// Small enough to train inside Lesson 09 in a few seconds.
    public static let conditionalRing: TrainingConfiguration = {
        var configuration = TrainingConfiguration.default
        (configuration.width, configuration.depth, configuration.timeInEveryBlock) = (64, 2, true)
        (configuration.steps, configuration.warmupSteps, configuration.emaDecay) = (3000, 100, 0.995)
        (configuration.labelClasses, configuration.labelDropout) = (8, 0.2)
        return configuration
    }()

    /// Lesson 09's class-conditional image model: the `digits` U-Net with a label table per
    /// block for the 10 digits and the null label, trained with labels dropped with
    /// p_uncond = 0.2, for 12,000 steps (`digits` takes 80,000): a few minutes on a 2-core
    /// machine (Lessons/Lesson09/model/README.md has the measurements).
    public static let conditionalDigits: TrainingConfiguration = {
        var configuration = TrainingConfiguration.digits
        (configuration.labelClasses, configuration.labelDropout) = (10, 0.2)
        configuration.steps = 12_000
        return configuration
    }()
}
