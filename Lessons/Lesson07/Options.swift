import ArgumentParser
import Diffusion
import Workbook

struct Options: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "Lesson07",
        abstract:
            "Images: noising grids, and a tiny diffusion model that draws 16×16 digits with DDPM and DDIM, judged by a small classifier.",
        discussion: """
            By default the lesson loads the model shipped with the workbook, \(shippedModel.relativePath). \
            The lesson made it itself, with the default seed, on a 2-core machine:

              swift run Lesson07 --train --checkpoint \(shippedModel.relativePath)

            (\(TrainingConfiguration.digits.steps) steps on 20,000 built-in digits, about 20 minutes on \
            2 cores; Lessons/Lesson07/model/README.md says how the network was chosen). \
            The math module is optimized in every build, so swift run -c release trains no faster.
            """)
    @OptionGroup var common: LessonOptions
    @Flag(help: "Train the image model here, with a progress bar, instead of loading the shipped checkpoint.")
    var train = false
    @Option(help: "Training steps with --train (default \(TrainingConfiguration.digits.steps); 300 with --quick).")
    var steps: Int?
    @Option(
        help: ArgumentHelp(
            "Train on the images of an IDX file instead of the built-in digits: MNIST or Fashion-MNIST, raw or .gz, resized to 16×16. Implies --train.",
            valueName: "file"))
    var idx: String?
    @Option(
        name: .customLong("idx-labels"),
        help: ArgumentHelp(
            "The IDX label file of --idx, for the classifier (without it the quality cell is skipped).",
            valueName: "file"))
    var idxLabels: String?
    @Option(
        help: ArgumentHelp(
            "The model to load (default: the shipped one). With --train: where to save the trained model (default: digits.ckpt in the output folder).",
            valueName: "file"))
    var checkpoint: String?

    @Flag(
        help:
            "Measure the Keras DDIM example's recipe: train the U-Net once per variant (EMA or raw weights, angle schedule, normalizer) and judge each; slow."
    )
    var recipe = false
    @Option(
        name: .customLong("recipe-steps"),
        help: "Training steps per variant with --recipe (default 3000; 100 with --quick).")
    var recipeSteps: Int?
    @Flag(help: ArgumentHelp(Mine.help))
    var mine = false

    /// Whether this run trains its own model.
    var trains: Bool { train || idx != nil }

    func validate() throws {
        if let steps, steps < 1 { throw ValidationError("--steps must be at least 1 (got \(steps))") }
        if steps != nil && !trains { throw ValidationError("--steps needs --train (or --idx)") }
        if idxLabels != nil && idx == nil { throw ValidationError("--idx-labels needs --idx") }
        if let recipeSteps, recipeSteps < 1 {
            throw ValidationError("--recipe-steps must be at least 1 (got \(recipeSteps))")
        }
        if recipeSteps != nil && !recipe { throw ValidationError("--recipe-steps needs --recipe") }
        if recipe && idx != nil && idxLabels == nil {
            throw ValidationError("--recipe judges samples with a classifier: give --idx-labels with --idx")
        }
    }
}
