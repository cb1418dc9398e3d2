/// A sampler setting that the user chose and that cannot work. The description is one line,
/// fit for a command-line error.
public enum SamplerSettingsError: Error, Equatable, CustomStringConvertible {
    /// The number of sampling steps S is below 1.
    case tooFewSteps(Int)
    /// S is above the schedule's T.
    case tooManySteps(Int, timesteps: Int)
    /// η is outside 0…1 (or not a number).
    case etaOutOfRange(Double)

    /// The problem in one line, for a command-line error.
    public var description: String {
        switch self {
        case .tooFewSteps(let steps):
            return "The number of sampling steps must be at least 1; got \(steps)."
        case .tooManySteps(let steps, let timesteps):
            return "The number of sampling steps must be at most T = \(timesteps); got \(steps)."
        case .etaOutOfRange(let eta):
            return "η must lie between 0 (DDIM) and 1 (DDPM-like); got \(eta)."
        }
    }
}
