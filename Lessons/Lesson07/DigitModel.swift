import Diffusion
import FileSupport
import Foundation
import TrainedModels
import Workbook

/// The image noise predictor ε_θ(x_t, t) of the lesson: the shipped checkpoint (or the
/// one `--checkpoint` names), or a model trained here with `--train` or `--idx`.
struct DigitModel {
    /// The checkpoint read before the lesson wrote anything, and its path; nil when this
    /// run trains its own.
    private let loaded: (network: NoiseNetwork, path: String)?
    /// Where a model trained here is saved.
    private let target: URL

    /// Checks the model's inputs before the lesson writes its first file: reads the
    /// checkpoint to load (a one-line error for a missing, corrupt or mismatched one), or,
    /// when training, checks that the folder to save it in exists.
    init(validating options: Options, pixels: Int, book: Notebook) {
        target = options.checkpoint.map { URL(fileURLWithPath: $0) } ?? book.url("digits.ckpt")
        guard !options.trains else {
            let folder = book.writeURL(for: target).deletingLastPathComponent().path
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: folder, isDirectory: &isDirectory), isDirectory.boolValue,
                FileManager.default.isWritableFile(atPath: folder)
            else {
                fail("cannot save the trained model to \(target.path): \(folder) is not a writable folder")
            }
            if FileManager.default.fileExists(atPath: target.path, isDirectory: &isDirectory), isDirectory.boolValue {
                fail("cannot save the trained model to \(target.path): it is a folder")
            }
            loaded = nil
            return
        }
        let path = options.checkpoint ?? shippedModel.locate()?.path
        guard let path else {
            fail(
                "the shipped model \(shippedModel.relativePath) is missing: run from the package root, name one with --checkpoint, or train one with --train"
            )
        }
        loaded = (orFail { try NoiseNetwork(contentsOf: URL(fileURLWithPath: path), dimension: pixels) }, path)
    }

    /// The schedule and time-embedding size the network will have, known before anything is
    /// written: the loaded checkpoint's, or the digits preset's for a model trained here.
    var plan: (schedule: NoiseSchedule, timeEmbeddingDimension: Int) {
        if let loaded { return (loaded.network.schedule, loaded.network.shape.timeEmbeddingDimension) }
        return (TrainingConfiguration.digits.schedule, TrainingConfiguration.digits.timeEmbeddingDimension)
    }

    /// The loaded network (saying which), or one trained here on `images`.
    func prepare(_ options: Options, images: LessonImages, book: Notebook) -> NoiseNetwork {
        guard let (network, path) = loaded else { return train(options, images: images, book: book) }
        book.say(
            "Loaded the image model from \(Self.relative(path)): the \(network.shape.kind.rawValue) network, \(network.parameterCount) "
                + "weights, \(network.schedule.kind?.rawValue ?? "custom") schedule with T = \(network.schedule.timesteps)."
        )
        return network
    }

    private func train(_ options: Options, images: LessonImages, book: Notebook) -> NoiseNetwork {
        var configuration = TrainingConfiguration(
            preset: .digits,
            overrides: TrainingOverrides(
                steps: options.steps ?? (options.common.quick ? 300 : nil), seed: options.common.seed))
        configuration.dimension = images.pixels
        var weighting = ""
        if case .minSNR(let gamma) = configuration.lossWeighting {
            weighting = ", the loss of step t weighted by min(SNR_t, \(gamma))/SNR_t"
        }
        book.say(
            "Training the image model on \(images.training.count) images: \(configuration.steps) steps of "
                + "\(configuration.batchSize) images, Adam at \(configuration.learningRate) with cosine decay, EMA "
                + "\(configuration.emaDecay)\(weighting).")
        let result = TrainingRun.run(configuration, samples: images.training.flat, label: "training")
        let network = result.trainer.model
        let tail = result.losses.suffix(max(1, result.losses.count / 20))
        book.result(
            "\(configuration.steps) steps in \(Format.seconds(result.seconds)); mean loss over the last \(tail.count) steps "
                + Format.number(tail.reduce(0, +) / Double(tail.count), digits: 4))
        let provenance = ModelProvenance(
            dataset: images.dataset, preset: .digits, training: configuration, date: Date())
        orFail { try SavedModel(network: network, provenance: provenance).save(to: book.writeURL(for: target)) }
        book.result(
            "saved the EMA weights to \(Self.relative(target.path)) (\(network.parameterCount) weights); "
                + "run again with --checkpoint \(Self.relative(target.path)) to use them")
        return network
    }

    /// What the network is, for the narration.
    static func describe(_ shape: NetworkShape) -> String {
        switch shape.kind {
        case .convolutional:
            return """
                The network is a small U-Net (Ronneberger et al. 2015), the kind DDPM uses (Ho et al. \
                2020, Appendix B), built from the same hand-written layers as Lesson 04's network. The \
                image is folded into 2×2 patches (8×8 positions of 4 values); 3×3 convolutions of \
                \(shape.width) channels work at that scale, where strokes are drawn; a 2×2 layer of stride \
                2 halves the side for \(2 * shape.width) channels that see the whole digit at once; and \
                the result comes back up, added to the fine features. The time step enters every block \
                as a bias per channel, from its sinusoidal embedding. A convolution uses the same weights \
                at every position: it knows that a stroke looks alike wherever it is, which a network of \
                fully connected layers must learn pixel by pixel.
                """
        default:
            return """
                The network is Lesson 04's residual SiLU network, wider: x_t (\(shape.dimension) values) and \
                a sinusoidal embedding of t go in, \(shape.depth) residual blocks of \(shape.width) units follow, \
                and out come \(shape.dimension) values of ε̂. It knows nothing about images: no notion of \
                neighbouring pixels.
                """
        }
    }

    /// `path` relative to the current folder when it lies inside it.
    private static func relative(_ path: String) -> String {
        URL(fileURLWithPath: path).pathFromCurrentFolder
    }
}
