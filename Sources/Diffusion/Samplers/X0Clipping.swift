/// Whether a reverse step clips its prediction x̂_0 to a box before using it. Ho et al. 2020's
/// sampling code clips image predictions to [−1, 1], the range of the data; nothing is
/// clipped by default.
public enum X0Clipping: Sendable, Equatable {
    /// x̂_0 is used as predicted.
    case none
    /// Every value of x̂_0 is clamped to the range, and ε̂ is recomputed from the clamped x̂_0.
    case range(ClosedRange<Double>)
}
