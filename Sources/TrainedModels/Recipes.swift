import Diffusion

/// The models the sampling lessons train for themselves, as overrides of a preset.
public enum Recipes {
    /// The data of the short model trained when Lesson 04's is missing: the ring of 8
    /// Gaussians, whose ideal denoiser the lessons compare with.
    public static let fallbackDataset = Toy2D.ring

    /// The short model trained when Lesson 04's is missing: the default preset for 4,000
    /// steps (600 with `--quick`), on the schedule the lesson's options ask for.
    public static func fallback(_ options: DenoiserOptions, quick: Bool, seed: UInt64) -> TrainingOverrides {
        TrainingOverrides(steps: quick ? 600 : 4000, schedule: options.schedule, timesteps: options.timesteps, seed: seed)
    }

    /// Siddiqui's 2D tutorial setup as Lesson 05 trains it beside the others: its own
    /// preset, 300 steps with `--quick`.
    public static func tutorial(quick: Bool, seed: UInt64) -> TrainingOverrides {
        TrainingOverrides(steps: quick ? 300 : nil, seed: seed)
    }
}
