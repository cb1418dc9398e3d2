// Lesson 10 — Flow matching and rectified flow: the same Gaussian paths, learned as a velocity.
// The ring of 8 Gaussians has an exact marginal velocity, so the learned field, its loss floor,
// the equivalence with DDIM and the straightness of each coupling are all checked against the truth.
import ArgumentParser
import Diffusion
import Foundation
import Workbook

struct Options: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "Lesson10",
        abstract: "Flow matching and rectified flow: Gaussian paths, the exact velocity of the ring, the loss "
            + "floor, Euler on the linear path as DDIM, velocity networks and their samplers, straighter "
            + "couplings, any source.")
    @OptionGroup var common: LessonOptions
    @Option(help: "The 2D dataset the lesson's networks learn (the exact cells always use the ring of 8 Gaussians).")
    var dataset: Toy2D = .ring
    @Option(
        help: ArgumentHelp(
            "Optimizer steps of the velocity and ε networks (default 4000; 300 with --quick); "
                + "the further velocity networks (couplings, reflow, moons → ring) train a quarter "
                + "of them."))
    var steps: Int?
    @Option(
        help: ArgumentHelp(
            "Points per batch of every network trained in the lesson (Lesson04 uses 256; 128 "
                + "keeps the lesson fast)."))
    var batchSize = 128
    @Option(
        help: ArgumentHelp(
            "Lesson04's ε network for the DDIM equivalence (default: Lesson04/model.ckpt beside "
                + "the output folder, then output/Lesson04/model.ckpt; without one, the ε network "
                + "trained here).", valueName: "file"))
    var checkpoint: String?
    @Flag(
        help: ArgumentHelp(
            "Train the velocity U-Net on the digits here (Lesson07's network by flow matching, "
                + "as many steps as Lesson07's --train), save it to --digits-checkpoint, and judge it."))
    var trainDigits = false
    @Option(
        help: ArgumentHelp(
            "Training steps with --train-digits (default \(TrainingConfiguration.digits.steps); "
                + "300 with --quick)."))
    var digitsSteps: Int?
    @Option(
        help: ArgumentHelp(
            "The velocity model of the digits cell (default: the shipped one, "
                + "\(DigitsModels.velocity.relativePath)); with --train-digits, where to save it "
                + "(default: flow_digits.ckpt in the output folder).", valueName: "file"))
    var digitsCheckpoint: String?
    @Flag(help: ArgumentHelp(Mine.help))
    var mine = false

    func validate() throws {
        if let steps, !(1...200_000).contains(steps) {
            throw ValidationError("--steps must lie in 1…200000 (got \(steps))")
        }
        if let digitsSteps, !(1...1_000_000).contains(digitsSteps) {
            throw ValidationError("--digits-steps must lie in 1…1000000 (got \(digitsSteps))")
        }
        if digitsSteps != nil && !trainDigits { throw ValidationError("--digits-steps needs --train-digits") }
        if !(1...4096).contains(batchSize) {
            throw ValidationError("--batch-size must lie in 1…4096 (got \(batchSize))")
        }
    }
}

let options = Options.parseOrFail()
let mine = orFail { try Mine(enabled: options.mine) }
let equivalenceNetwork = EquivalenceCells.locateNetwork(checkpoint: options.checkpoint, output: options.common.output)
let digitsPlan = DigitsCell.Plan(
    train: options.trainDigits, steps: options.digitsSteps,
    checkpoint: options.digitsCheckpoint,
    output: options.common.outputFolder(lesson: "Lesson10"), quick: options.common.quick)
let book = Notebook(lesson: "Lesson10", title: "Flow matching and rectified flow", options: options.common)
let quick = options.common.quick
let seed = options.common.seed
let ring = GaussianMixture.ring()

conventionsCell(book: book)
let velocityCells = VelocityCells(book: book, mixture: ring, seed: seed, quick: quick)
velocityCells.paths()
velocityCells.exactVelocity()
let networks = LessonNetworks.train(
    book: book, dataset: options.dataset, steps: options.steps ?? (quick ? 300 : 4000),
    batchSize: options.batchSize, seed: seed)
LossCell(book: book, networks: networks, mixture: ring, seed: seed, quick: quick, mine: mine).run()
let equivalence = EquivalenceCells(
    book: book, networks: networks, loaded: equivalenceNetwork, mixture: ring,
    seed: seed, quick: quick, mine: mine)
equivalence.sameSampler()
let velocityCloserLate = equivalence.differences()
SolverCell(
    book: book, networks: networks, mixture: ring, seed: seed, quick: quick,
    velocityCloserLate: velocityCloserLate
).run()
StraightnessCell(book: book, networks: networks, mixture: ring, seed: seed, quick: quick).run()
AnySourceCell(book: book, networks: networks, mixture: ring, seed: seed, quick: quick).run()
DigitsCell(book: book, plan: digitsPlan, seed: seed, quick: quick).run()

book.finish(exercises: ["interpolant", "conditionalVelocity", "velocityFromEps", "flowEulerStep"])
