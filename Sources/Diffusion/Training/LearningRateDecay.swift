import Foundation

/// How the learning rate moves over a run, after an optional linear warm-up.
public enum LearningRateDecay: String, CaseIterable, Sendable {
    /// The configured rate throughout.
    case constant
    /// Cosine annealing to zero over the run (Loshchilov & Hutter 2017, eq. 5 with one cycle
    /// and η_min = 0): η_s = η · ½ (1 + cos(π (s − 1) / S)) at step s of S.
    case cosine

    /// The factor on the base rate at step s (1…S) of a run of S steps with `warmup` steps
    /// of linear warm-up (Goyal et al. 2017, §2.2): min(1, s / warmup) times the decay.
    func factor(step s: Int, of total: Int, warmup: Int) -> Double {
        let warm = warmup > 0 ? min(1, Double(s) / Double(warmup)) : 1
        switch self {
        case .constant:
            return warm
        case .cosine:
            let progress = Double(min(max(s - 1, 0), total)) / Double(max(total, 1))
            return warm * 0.5 * (1 + cos(Double.pi * progress))
        }
    }
}
