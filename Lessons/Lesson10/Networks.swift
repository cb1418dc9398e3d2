import Diffusion
import Foundation
import TrainedModels
import Workbook

/// The two networks the lesson trains on the same data, with the same recipe and the same
/// number of steps: Lesson04's residual network as ε_θ (Algorithm 1) and as v_θ (flow matching).
struct LessonNetworks {
    let dataset: Toy2D
    let configuration: TrainingConfiguration
    /// The recipe of the further velocity networks (couplings, reflow, another source): a quarter of the steps.
    let extraConfiguration: TrainingConfiguration
    let velocity: VelocityNetwork
    let noise: NoiseNetwork
    let velocitySeconds: Double
    let noiseSeconds: Double
    let seed: UInt64

    var schedule: NoiseSchedule { noise.schedule }
    var steps: Int { configuration.steps }
    var extraSteps: Int { extraConfiguration.steps }

    /// Trains both networks on `dataset`, `steps` each.
    static func train(book: Notebook, dataset: Toy2D, steps: Int, batchSize: Int, seed: UInt64) -> LessonNetworks {
        let configuration = TrainingConfiguration(
            preset: .default,
            overrides: TrainingOverrides(
                steps: steps,
                batchSize: batchSize, seed: seed))
        // The further networks' shorter runs average their weights over fewer steps:
        // EMA decay 1 − 10/steps, at least 0.9.
        let extraSteps = max(1, steps / 4)
        let extraDecay = max(0.9, 1 - 10 / Double(extraSteps))
        let extra = TrainingConfiguration(
            preset: .default,
            overrides: TrainingOverrides(
                steps: extraSteps,
                batchSize: batchSize, emaDecay: extraDecay, seed: seed))
        let data = dataset.trainingPoints(seed: seed)
        book.cell("Training a velocity network")
        book.say("""
            Flow matching trains Lesson04's residual network (\(configuration.width) × \
            \(configuration.depth) residual blocks), with a different batch: for each data point x_0 a noise ε and a \
            time t ~ U[0, 1), then x_t = (1 − t) x_0 + t ε and the target u = ε − x_0 (Lipman et al. 2023, eq. 23 \
            with σ_min = 0; Liu et al. 2023, eq. 1; both with t ↦ 1 − t). Time is continuous: the network's \
            sinusoidal embedding takes 1000 t, where the ε network takes its step τ = 1…1000. Everything else is \
            Lesson04's recipe (Adam, warm-up, cosine decay, EMA, clipping), and an ε network is trained beside it \
            with Algorithm 1 (τ drawn as in Lesson04) for the same \(steps) steps of \(configuration.batchSize) \
            points (Lesson04 takes \(TrainingConfiguration.default.batchSize)) on the same \(dataset.rawValue) data:
            """)
        let flow = TrainingRun.run(
            configuration, samples: data.flattened, flow: FlowMatching(source: .gaussian),
            label: "velocity network")
        let eps = TrainingRun.run(configuration, data: data, label: "ε network")
        book.result("velocity network: \(flow.summary)")
        book.result("ε network: \(eps.summary)")
        book.say("""
            The two losses are not on the same scale: ‖u − v̂‖² and ‖ε − ε̂‖² measure different targets. The \
            flow-matching loss's floor is in the next cell; the ε-loss's is Lesson04's (its cell 6).
            """)
        return LessonNetworks(
            dataset: dataset, configuration: configuration, extraConfiguration: extra,
            velocity: flow.trainer.velocityModel,
            noise: eps.trainer.model, velocitySeconds: flow.seconds, noiseSeconds: eps.seconds,
            seed: seed)
    }

    /// Trains one more velocity network with the same recipe for `extraSteps` on `samples` (flat; pairs for `.paired`).
    func trainFlow(samples: [Double], source: FlowMatching.Source, label: String) -> (
        network: VelocityNetwork,
        seconds: Double
    ) {
        let result = TrainingRun.run(
            extraConfiguration, samples: samples, flow: FlowMatching(source: source),
            label: label)
        return (result.trainer.velocityModel, result.seconds)
    }
}

/// The energy distance's reference for `dataset`: 4 × `count` held-out points to score against and
/// `count` more for the data-against-data floor, from streams 1001 and 1002 as in Lessons 05–08.
func heldOutReference(_ dataset: Toy2D, count: Int, seed: UInt64) -> EnergyDistanceReference {
    var first = Xoshiro256(seed: seed, stream: 1001)
    var second = Xoshiro256(seed: seed, stream: 1002)
    return EnergyDistanceReference(
        data: dataset.sample(count: 4 * count, using: &first),
        independentData: dataset.sample(count: count, using: &second))
}
