import Diffusion
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
        let network = orFail { try NoiseNetwork(contentsOf: URL(fileURLWithPath: path), expecting: .residual, dimension: pixels) }
        let shape = network.shape
        book.say("Loaded the image model from \(relative(path)): a residual SiLU network, \(shape.depth) blocks of "
                 + "\(shape.width) units, \(network.parameterCount) weights, \(network.schedule.kind?.rawValue ?? "custom") "
                 + "schedule with T = \(network.schedule.timesteps).")
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
                 + "\(configuration.emaDecay) (a release build, swift run -c release, trains several times faster).")
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

    /// `path` relative to the current folder when it lies inside it.
    private static func relative(_ path: String) -> String {
        let absolute = URL(fileURLWithPath: path).standardizedFileURL.path
        let here = FileManager.default.currentDirectoryPath + "/"
        return absolute.hasPrefix(here) ? String(absolute.dropFirst(here.count)) : absolute
    }
}
