import Diffusion
import Foundation
import ImageData
import TrainedModels
import Workbook

/// The class-conditional image model of the lesson: the shipped checkpoint (or the one
/// `--checkpoint` names), or one trained here with `--train`.
enum DigitModel {
    /// The built-in digits with their labels: 20,000 for training (10,000 with --quick).
    static func trainingImages(quick: Bool, seed: UInt64) -> ImageSet {
        var rng = Xoshiro256(seed: seed, stream: 1)
        return DigitImages.generate(count: quick ? 10_000 : 20_000, using: &rng)
    }

    /// Loads the model before anything is written, so a bad checkpoint stops the lesson with
    /// one line; nil when the lesson is to train its own.
    static func load(_ options: Options) -> NoiseNetwork? {
        guard !options.train else {
            // Training ends by saving: the folder must be there before anything is written.
            let folder = options.checkpoint.map { URL(fileURLWithPath: $0).deletingLastPathComponent().path }
            if let folder, !FileManager.default.isWritableFile(atPath: folder) {
                fail("cannot save the trained model in \(folder): it is not a writable folder")
            }
            return nil
        }
        guard let path = options.checkpoint ?? shippedModel.locate()?.path else {
            fail(
                "the shipped model \(shippedModel.relativePath) is missing: run from the package root, name one with --checkpoint, or train one with --train"
            )
        }
        let network = orFail { try NoiseNetwork(contentsOf: URL(fileURLWithPath: path), dimension: 256) }
        guard network.classCount == 10 else {
            fail(
                "\(path) is not a class-conditional model of the 10 digits (it has \(network.classCount) label classes); train one with --train"
            )
        }
        return network
    }

    static func train(_ options: Options, book: Notebook) -> NoiseNetwork {
        var configuration = TrainingConfiguration.conditionalDigits
        configuration.steps = options.steps ?? (options.common.quick ? 300 : configuration.steps)
        configuration.warmupSteps = min(configuration.warmupSteps, configuration.steps / 10)
        configuration.seed = options.common.seed
        let images = trainingImages(quick: options.common.quick, seed: options.common.seed)
        book.say(
            "Training the conditional image model on \(images.count) labelled digits: \(configuration.steps) steps of "
                + "\(configuration.batchSize) images, each label replaced by the null label with probability "
                + "\(configuration.labelDropout).")
        let result = TrainingRun.run(
            configuration, samples: images.images.flatMap { $0 }, labels: images.labels, label: "training")
        let network = result.trainer.model
        book.result(result.summary)
        let target = options.checkpoint.map { URL(fileURLWithPath: $0) } ?? book.url("digits.ckpt")
        let provenance = ModelProvenance(dataset: "digits", training: configuration, date: Date())
        orFail { try SavedModel(network: network, provenance: provenance).save(to: book.writeURL(for: target)) }
        book.result("saved the EMA weights to \(target.path) (\(network.parameterCount) weights)")
        return network
    }
}
