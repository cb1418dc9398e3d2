import Diffusion
import TrainedModels
import Workbook

/// The lesson's conditional network on the ring: `TrainingConfiguration.conditionalRing`,
/// trained here on labelled draws of the ring (a few seconds).
enum RingNetwork {
    static func train(quick: Bool, seed: UInt64, book: Notebook) -> NoiseNetwork {
        var configuration = TrainingConfiguration.conditionalRing
        configuration.seed = seed
        if quick { configuration.steps = 600 }
        book.cell("Training a conditional network on the ring")
        var rng = Xoshiro256(seed: seed, stream: 5)
        let data = GaussianMixture.ring().sampleWithComponents(count: 10_000, using: &rng)
        book.say("""
            A network learns ε(x_t, t, y) the same way, from 10,000 labelled draws of the ring: Lesson \
            04's residual network, smaller (width \(configuration.width), \(configuration.depth) blocks), with a \
            learned \
            table of \(configuration.labelClasses + 1) rows added wherever the time embedding enters, one row \
            per component and one for "no label". Each training sample's label is replaced by "no \
            label" with probability p_uncond = \(configuration.labelDropout) (Ho & Salimans 2022, Algorithm 1), \
            so one network learns both ε(x, y) and ε(x). \(configuration.steps) steps of \(configuration.batchSize) \
            points.
            """)
        let result = TrainingRun.run(
            configuration, samples: data.points.flattened, labels: data.components, label: "training")
        book.result(result.summary)
        return result.trainer.model
    }
}
