import Diffusion
import ExerciseChecks
import Foundation
import XCTest

/// Runs Lesson 10 with `--quick` and reads back what it wrote: the velocity checks, the loss
/// floor, the equivalence with DDIM, the solvers, the couplings and the moons → ring flow.
final class FlowLessonTests: XCTestCase {
    static let run: LessonRun? = try? LessonRunner.run("Lesson10", ["--quick"])

    func testExactVelocityAndEquivalenceHoldToRounding() throws {
        let run = try XCTUnwrap(Self.run)
        XCTAssertEqual(run.status, 0, run.stderr)
        let check = try run.csv("velocity_check.csv")
        XCTAssertEqual(check.header, ["t", "max_abs_error", "max_abs_velocity"])
        XCTAssertEqual(check.numbers("t").count, 19)
        for (error, size) in zip(check.numbers("max_abs_error"), check.numbers("max_abs_velocity")) {
            XCTAssertLessThan(error, 1e-10 * size, "v* is the probability-flow drift of the ideal denoiser")
            XCTAssertGreaterThan(size, 1)
        }
        let monteCarlo = try run.csv("velocity_monte_carlo.csv")
        for z in monteCarlo.numbers("max_standard_errors") { XCTAssertLessThan(z, 5, "the posterior average agrees with v*") }
        let equivalence = try run.csv("equivalence.csv")
        XCTAssertEqual(equivalence.header, ["denoiser", "steps", "max_abs_difference"])
        XCTAssertEqual(Set(equivalence.column("denoiser")), ["trained", "ideal"])
        XCTAssertEqual(equivalence.filter("denoiser", "ideal").numbers("steps"), [5, 10, 20, 50])
        for gap in equivalence.numbers("max_abs_difference") { XCTAssertLessThan(gap, 1e-9, "Euler on the linear path is DDIM") }
        for name in ["paths", "velocity_field", "fm_loss_per_t", "flow_solvers", "straightness_paths", "any_source_paths"] {
            XCTAssertTrue(run.exists(name + ".png") && run.exists(name + ".csv"), name)
        }
    }

    func testLossFloorAndTheoremTwo() throws {
        let run = try XCTUnwrap(Self.run)
        XCTAssertEqual(run.status, 0, run.stderr)
        let loss = try run.csv("fm_loss_per_t.csv")
        XCTAssertEqual(loss.header, ["t", "loss_trained", "floor"])
        let floors = loss.numbers("floor"), trained = loss.numbers("loss_trained")
        XCTAssertEqual(floors.count, 20)
        // The floor tends to Var(ε) = 1 at t → 0 and to the data's variance ½ + s² at t → 1.
        XCTAssertEqual(floors.first ?? 0, 1, accuracy: 0.1)
        XCTAssertEqual(floors.last ?? 0, 0.51, accuracy: 0.1)
        // No network beats the floor by more than the Monte Carlo noise.
        for (l, f) in zip(trained, floors) { XCTAssertGreaterThan(l, 0.95 * f) }
        XCTAssertTrue(run.stdout.contains("CFM − FM agrees between them"), run.stdout)
    }

    func testSolversCouplingsAndAnySource() throws {
        let run = try XCTUnwrap(Self.run)
        XCTAssertEqual(run.status, 0, run.stderr)
        let solvers = try run.csv("flow_solvers.csv")
        XCTAssertEqual(solvers.header, ["model", "sampler", "model_calls", "energy_distance", "expected_floor", "component_std", "path_error"])
        XCTAssertEqual(solvers.rows.count, 4 * 5)
        XCTAssertEqual(solvers.filter("sampler", "Euler (uniform t)").numbers("model_calls"), [5, 10, 20, 50])
        XCTAssertEqual(solvers.filter("sampler", "Heun (uniform t)").numbers("model_calls"), [4, 10, 20, 50])
        XCTAssertFalse(solvers.rows.contains { $0.count != solvers.header.count }, "no commas inside a field")
        for e in solvers.numbers("path_error") { XCTAssertGreaterThan(e, 0) }
        let straight = try run.csv("straightness.csv")
        XCTAssertEqual(straight.header, ["coupling", "straightness", "one_step_ratio", "two_step_ratio"])
        XCTAssertEqual(straight.column("coupling"), ["independent", "minibatch OT", "reflow"])
        let s = straight.numbers("straightness")
        XCTAssertEqual(s.count, 3)
        XCTAssertLessThan(s[1], s[0], "minibatch OT straightens the paths")
        XCTAssertTrue(run.stdout.contains("mean ‖x_0 − ε‖²") && run.stdout.contains("independent →"), run.stdout)
        let anySource = try run.csv("any_source.csv")
        XCTAssertEqual(anySource.header, ["sampler", "model_calls", "energy_distance", "expected_floor", "component_std"])
        XCTAssertEqual(anySource.rows.count, 4)
    }

    func testBadOptionsAreOneLineErrors() throws {
        try LessonRunner.assertOneLineError("Lesson10", ["--steps", "0"], mentions: "--steps")
        try LessonRunner.assertOneLineError("Lesson10", ["--dataset", "spiral"], mentions: "spiral")
        try LessonRunner.assertOneLineError("Lesson10", ["--checkpoint", "/nonexistent/model.ckpt"], mentions: "/nonexistent/model.ckpt")
        let garbage = FileManager.default.temporaryDirectory.appendingPathComponent("lesson10-garbage-\(UUID().uuidString).ckpt")
        try Data("not a checkpoint".utf8).write(to: garbage)
        defer { try? FileManager.default.removeItem(at: garbage) }
        try LessonRunner.assertOneLineError("Lesson10", ["--checkpoint", garbage.path], mentions: garbage.lastPathComponent)
        // A checkpoint with too few steps for the 50-step DDIM comparison, before anything is written.
        let configuration = TrainingConfiguration(preset: .default, overrides: TrainingOverrides(steps: 2, timesteps: 20))
        let trainer = try Trainer(configuration: configuration, data: [SIMD2(0.5, -0.5), SIMD2(-1, 0.25)])
        try trainer.train()
        let short = FileManager.default.temporaryDirectory.appendingPathComponent("lesson10-short-\(UUID().uuidString).ckpt")
        try SavedModel(network: trainer.model, provenance: ModelProvenance(dataset: "ring", training: configuration)).save(to: short)
        defer { try? FileManager.default.removeItem(at: short) }
        try LessonRunner.assertOneLineError("Lesson10", ["--checkpoint", short.path], mentions: "T ≥ 50")
    }

    /// `--mine` in its three states: not attempted (the same CSVs as without it), right
    /// (`WORKBOOK_REFERENCE=1`) and wrong (`WORKBOOK_MISTAKE`, named, and the wrong values used).
    func testMineThreeStates() throws {
        let names = ["interpolant", "conditionalVelocity", "velocityFromEps", "flowEulerStep"]
        for entry in Lesson10Catalog.all where names.contains(entry.name) && entry.checkStudent() != .notAttempted {
            throw XCTSkip("\(entry.name) is answered in Sources/Exercises")
        }
        let plain = try XCTUnwrap(Self.run)
        let fresh = try LessonRunner.run("Lesson10", ["--quick", "--mine"])
        let right = try LessonRunner.run("Lesson10", ["--quick", "--mine"], environment: ["WORKBOOK_REFERENCE": "1"])
        for run in [plain, fresh, right] { XCTAssertEqual(run.status, 0, run.stderr) }
        let reference = try plain.csvs()
        XCTAssertGreaterThanOrEqual(reference.count, 10)
        XCTAssertEqual(try fresh.csvs(), reference)
        XCTAssertEqual(try right.csvs(), reference)
        for name in names {
            XCTAssertTrue(fresh.stdout.contains("\(name): not attempted yet, so this cell uses the reference"), fresh.stdout)
            XCTAssertTrue(right.stdout.contains("✓ \(name): yours matches the reference on this cell's"), right.stdout)
        }
        XCTAssertTrue(right.stdout.contains("The loss and its floor (your code)"), right.stdout)
        let wrong = try LessonRunner.run("Lesson10", ["--quick", "--mine"], environment: ["WORKBOOK_MISTAKE": "flowEulerStep: velocity sign flipped"])
        XCTAssertEqual(wrong.status, 0, wrong.stderr)
        XCTAssertTrue(wrong.stdout.contains("✗ flowEulerStep: yours differs from the reference"), wrong.stdout)
        XCTAssertTrue(wrong.stdout.contains("Likely mistake: velocity sign flipped"), wrong.stdout)
        // The Euler steps run the wrong way: Euler on the linear path no longer matches DDIM.
        let gaps = try wrong.csv("equivalence.csv").numbers("max_abs_difference")
        XCTAssertGreaterThan(gaps.max() ?? 0, 0.1)
        try LessonRunner.assertOneLineError("Lesson10", ["--quick", "--mine"], mentions: "WORKBOOK_MISTAKE",
                                            environment: ["WORKBOOK_MISTAKE": "interpolant: nope"])
    }
}
