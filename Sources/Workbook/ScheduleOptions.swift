import ArgumentParser
import Diffusion

/// The options that set a β schedule: `--timesteps`, `--beta-start`, `--beta-end`.
public struct ScheduleOptions: ParsableArguments, Sendable {
    @Option(help: "T, the number of forward steps.")
    public var timesteps = 1000

    @Option(help: "β_1, the variance added at the first step (linear, quadratic, sigmoid).")
    public var betaStart = 1e-4

    @Option(help: "β_T, the variance added at the last step (linear, quadratic, sigmoid).")
    public var betaEnd = 0.02

    public init() {}

    public func validate() throws {
        guard timesteps >= 2 else {
            throw ValidationError("--timesteps must be at least 2 (got \(timesteps))")
        }
        guard timesteps <= 100_000 else {
            throw ValidationError("--timesteps must be at most 100000 (got \(timesteps))")
        }
        guard betaStart > 0, betaStart < 1 else {
            throw ValidationError("--beta-start must lie strictly between 0 and 1 (got \(betaStart))")
        }
        guard betaEnd > 0, betaEnd < 1 else {
            throw ValidationError("--beta-end must lie strictly between 0 and 1 (got \(betaEnd))")
        }
        guard betaStart <= betaEnd else {
            throw ValidationError("--beta-start (\(betaStart)) must not exceed --beta-end (\(betaEnd))")
        }
    }

    /// The schedule of `kind` with these options.
    public func schedule(_ kind: ScheduleKind) -> NoiseSchedule {
        NoiseSchedule(kind, timesteps: timesteps, betaStart: betaStart, betaEnd: betaEnd)
    }
}

extension Toy2D: ExpressibleByArgument {}
extension ScheduleKind: ExpressibleByArgument {}
extension ModelKind: ExpressibleByArgument {}
extension LossKind: ExpressibleByArgument {}
