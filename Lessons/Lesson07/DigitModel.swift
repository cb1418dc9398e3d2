import Diffusion
import FileSupport
import Foundation
import Workbook

/// The image noise predictor ε_θ(x_t, t) of the lesson: the shipped checkpoint (or the
/// one `--checkpoint` names), or a model trained here with `--train` or `--idx`.
enum DigitModel {
    static func prepare(_ options: Options, images: LessonImages, book: Notebook) -> NoiseNetwork {
        options.trains ? train(options, images: images, book: book) : load(options, pixels: images.pixels, book: book)
    }

    private static func load(_ options: Options, pixels: Int, book: Notebook) -> NoiseNetwork {
        let path = options.checkpoint ?? ShippedModel.locate()?.path
        guard let path else {
            fail("the shipped model \(ShippedModel.relativePath) is missing: run from the package root, name one with --checkpoint, or train one with --train")
        }
        let network = orFail { try NoiseNetwork(contentsOf: URL(fileURLWithPath: path), dimension: pixels) }
        let shape = network.shape
        book.say("Loaded the image model from \(relative(path)): the \(shape.kind.rawValue) network, \(network.parameterCount) "
                 + "weights, \(network.schedule.kind?.rawValue ?? "custom") schedule with T = \(network.schedule.timesteps).")
        return network
    }

    private static func train(_ options: Options, images: LessonImages, book: Notebook) -> NoiseNetwork {
        var configuration = TrainingConfiguration.digits
        configuration.dimension = images.pixels
        configuration.steps = options.steps ?? (options.common.quick ? 300 : configuration.steps)
        configuration.warmupSteps = min(configuration.warmupSteps, configuration.steps / 10)
        configuration.seed = options.common.seed
        book.say("Training the image model on \(images.training.count) images: \(configuration.steps) steps of "
                 + "\(configuration.batchSize) images, Adam at \(configuration.learningRate) with cosine decay, EMA "
                 + "\(configuration.emaDecay).")
        let result = TrainingRun.run(configuration, samples: images.training.flat, label: "training")
        let network = result.trainer.model
        let tail = result.losses.suffix(max(1, result.losses.count / 20))
        book.result("\(configuration.steps) steps in \(Format.seconds(result.seconds)); mean loss over the last \(tail.count) steps "
                    + Format.number(tail.reduce(0, +) / Double(tail.count), digits: 4))
        let target = options.checkpoint.map { URL(fileURLWithPath: $0) } ?? book.url("digits.ckpt")
        orFail { try network.save(to: target) }
        book.result("saved the EMA weights to \(relative(target.path)) (\(network.parameterCount) weights); "
                    + "run again with --checkpoint \(relative(target.path)) to use them")
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
