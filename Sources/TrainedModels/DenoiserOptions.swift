import ArgumentParser
import Diffusion
import Workbook

/// Options of the sampling lessons: which denoiser leads, and which checkpoint to load.
public struct DenoiserOptions: ParsableArguments, Sendable {
    @Option(help: "The denoiser for the main figures: trained (Lesson 04's network) or ideal (the exact denoiser of the ring of 8 Gaussians).")
    public var denoiser: DenoiserKind = .trained

    @Option(help: ArgumentHelp("The trained network to load (default: Lesson04/model.ckpt beside the output folder, then \(Lesson04Model.defaultPath)).",
                               valueName: "file"))
    public var checkpoint: String?

    @Option(help: "Require the checkpoint's schedule to be this kind (default: whatever it was trained with).")
    public var schedule: ScheduleKind?

    @Option(help: "Require the checkpoint's T to be this (default: whatever it was trained with).")
    public var timesteps: Int?

    public init() {}

    public func validate() throws {
        if let timesteps, timesteps < 2 { throw ValidationError("--timesteps must be at least 2 (got \(timesteps))") }
    }
}

public enum DenoiserKind: String, CaseIterable, ExpressibleByArgument, Sendable {
    case trained, ideal
}

extension ReverseVariance: ExpressibleByArgument {
    /// The symbol printed in tables and titles.
    public var symbol: String { self == .beta ? "β_t" : "β̃_t" }
}
