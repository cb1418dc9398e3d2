import Diffusion
import Foundation
import Workbook

/// Trains a noise predictor with a progress bar, for Lesson 04, for the lessons that need a
/// model when none was saved, and for Lesson 07's images. A diverging run stops the lesson
/// with one line.
public enum TrainingRun {
    /// The finished trainer and how long it took.
    public struct Result {
        public let trainer: Trainer
        public let seconds: Double
        /// The loss of every step, in order.
        public let losses: [Double]

        /// "3000 steps in 4.2 s; mean loss over the last 150 steps 0.0745": the last 5% of steps.
        public var summary: String {
            let tail = losses.suffix(max(1, losses.count / 20))
            return "\(losses.count) steps in \(Format.seconds(seconds)); mean loss over the last \(tail.count) steps "
                + Format.number(tail.reduce(0, +) / Double(tail.count), digits: 4)
        }
    }

    public static func run(_ configuration: TrainingConfiguration, data: [SIMD2<Double>], label: String) -> Result {
        run(configuration, samples: data.flattened, label: label)
    }

    /// Trains on samples of `configuration.dimension` values each, given flat (Lesson 07's
    /// images: one image's pixels after another), with one class label per sample for a
    /// class-conditional configuration (Lesson 09).
    /// With `flow`, trains a velocity network by flow matching (Lesson 10) instead.
    public static func run(_ configuration: TrainingConfiguration, samples: [Double], labels: [Int]? = nil, flow: FlowMatching? = nil,
                           label: String) -> Result {
        let trainer = orFail { try Trainer(configuration: configuration, samples: samples, labels: labels, flow: flow) }
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
