import Foundation

/// Why training could not start or had to stop. Each description is one line that says
/// what went wrong and what to change.
public enum TrainingError: Error, Equatable, CustomStringConvertible, LocalizedError {
    /// A configuration value is out of range; the text names it.
    case invalidConfiguration(String)
    /// The training set has no points.
    case emptyDataset
    /// The loss or the gradient of a step was NaN or infinite. The step was not applied:
    /// the trainer still holds the weights of the step before, and nothing was saved.
    case nonFiniteLoss(step: Int, learningRate: Double, clipNorm: Double?)

    /// The problem in one line, for a command-line error.
    public var description: String {
        switch self {
        case .invalidConfiguration(let problem):
            return "invalid training configuration: \(problem)"
        case .emptyDataset:
            return "the training set is empty: give the trainer at least one point"
        case let .nonFiniteLoss(step, learningRate, clipNorm):
            let clipping = clipNorm.map { "a smaller clip norm (now \($0))" } ?? "gradient clipping (e.g. a clip norm of 1)"
            return "training diverged at step \(step): the loss is not finite; the weights of step \(step - 1) are kept. "
                + "Try a lower learning rate (now \(learningRate)) or \(clipping)"
        }
    }

    /// The same line, for `localizedDescription`.
    public var errorDescription: String? { description }
}
