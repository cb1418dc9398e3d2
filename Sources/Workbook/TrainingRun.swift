import Diffusion
import Foundation

/// Trains a 2D noise predictor with a progress bar, for Lesson 04 and for the lessons that
/// need a model when none was saved. A diverging run stops the lesson with one line.
public enum TrainingRun {
    /// The finished trainer and how long it took.
    public struct Result {
        public let trainer: Trainer
        public let seconds: Double
        /// The loss of every step, in order.
        public let losses: [Double]
    }

    public static func run(_ configuration: TrainingConfiguration, data: [SIMD2<Double>], label: String) -> Result {
        let trainer = orFail { try Trainer(configuration: configuration, data: data) }
        let bar = ProgressBar(total: configuration.steps, label: label)
        var losses: [Double] = []
        losses.reserveCapacity(configuration.steps)
        var smoothed = 0.0
        let start = Date()
        orFail {
            try trainer.train { step, loss in
                losses.append(loss)
                smoothed = step == 1 ? loss : 0.99 * smoothed + 0.01 * loss
                bar.update(step, status: "loss \(Format.number(smoothed, digits: 3))")
            }
        }
        return Result(trainer: trainer, seconds: Date().timeIntervalSince(start), losses: losses)
    }
}
