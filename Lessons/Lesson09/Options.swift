import ArgumentParser
import Diffusion
import Workbook

struct Options: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "Lesson09",
        abstract: "Conditioning and classifier-free guidance: exact in 2D, then digits drawn on demand.",
        discussion: """
            The digits come from a class-conditional U-Net shipped with the workbook, \(shippedModel.relativePath). \
            The lesson made it itself, with the default seed, on a 2-core machine:

              swift run Lesson09 --train --checkpoint \(shippedModel.relativePath)

            (\(TrainingConfiguration.conditionalDigits.steps) steps on 20,000 built-in digits with their labels, \
            each label dropped with probability \(TrainingConfiguration.conditionalDigits.labelDropout); \
            Lessons/Lesson09/model/README.md says how long it took).
            """)
    @OptionGroup var common: LessonOptions
    @Flag(
        help: "Train the conditional image model here, with a progress bar, instead of loading the shipped checkpoint.")
    var train = false
    @Option(
        help:
            "Training steps with --train (default \(TrainingConfiguration.conditionalDigits.steps); 300 with --quick).")
    var steps: Int?
    @Option(
        help: ArgumentHelp(
            "The conditional model to load (default: the shipped one). With --train: where to save the trained model (default: digits.ckpt in the output folder).",
            valueName: "file"))
    var checkpoint: String?
    @Option(
        help: ArgumentHelp(
            "Draw only this digit (0…9) in the digits cells, instead of one row per digit.", valueName: "digit"))
    var label: Int?
    @Flag(help: ArgumentHelp(Mine.help))
    var mine = false

    func validate() throws {
        if let steps, steps < 1 { throw ValidationError("--steps must be at least 1 (got \(steps))") }
        if steps != nil && !train { throw ValidationError("--steps needs --train") }
        if let label, !(0...9).contains(label) {
            throw ValidationError("--label must be a digit from 0 to 9 (got \(label))")
        }
    }
}
