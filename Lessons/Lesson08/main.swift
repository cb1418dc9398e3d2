// Lesson 08 — ε is a score: Tweedie's formula, Langevin dynamics, the probability-flow ODE,
// and solvers that need fewer steps. The ring of 8 Gaussians has an exact score at every t,
// so every claim here is checked against the truth, with no training error in the way.
import ArgumentParser
import Diffusion
import Foundation
import Plot
import TrainedModels
import Workbook

struct Options: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "Lesson08",
        abstract:
            "ε is a score: Tweedie's formula, annealed Langevin dynamics, the probability-flow ODE, and faster ODE solvers."
    )
    @OptionGroup var common: LessonOptions
    @OptionGroup var denoiser: DenoiserOptions
    @Flag(help: ArgumentHelp(Mine.help))
    var mine = false
}

let options = Options.parseOrFail()
let book = Notebook(
    lesson: "Lesson08", title: "ε is a score: Langevin dynamics and the probability-flow ODE", options: options.common)
let quick = options.common.quick
let seed = options.common.seed
/// The solvers are compared at up to 50 model calls, one time step each at most.
let smallestT = 50
if let T = options.denoiser.timesteps, T < smallestT {
    fail(
        "Lesson08 compares solvers at up to \(smallestT) model calls and needs --timesteps \(smallestT) or more (got \(T))"
    )
}
let setup = SamplingSetup.prepare(options.denoiser, book: book)
if setup.schedule.timesteps < smallestT {
    fail(
        "\(setup.checkpoint ?? "the trained network") has T = \(setup.schedule.timesteps); Lesson08 compares solvers at up to \(smallestT) model calls "
            + "and needs T ≥ \(smallestT): train one with swift run Lesson04")
}
let schedule = setup.schedule
let mine = orFail { try Mine(enabled: options.mine, schedule: schedule) }
let ideal = IdealDenoiser(mixture: .ring(), schedule: schedule)
let trained = setup.denoisers.first { $0.name == "trained" }!
if trained.dataset != .ring {
    fail(
        "\(setup.checkpoint ?? "the trained network") was trained on \(trained.dataset.rawValue); Lesson08 compares with the exact score of the ring: "
            + "train one with swift run Lesson04 --dataset ring")
}
let count = quick ? 400 : 2000

ScoreCells(book: book, ideal: ideal, trained: trained, seed: seed, quick: quick, mine: mine).run()
LangevinCell(book: book, ideal: ideal, seed: seed, count: count, quick: quick).run()
let solvers = SolverCells(book: book, setup: setup, ideal: ideal, seed: seed, count: count, quick: quick)
solvers.probabilityFlow()
solvers.compare()

book.finish(exercises: ["scoreFromEps", "langevinStep", "heunStep"])
