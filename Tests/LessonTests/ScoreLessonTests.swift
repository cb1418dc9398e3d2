import Foundation
import XCTest

/// Runs Lesson 08 with `--quick` on the checkpoint of the quick Lesson 04 run and reads back
/// the score check and the solver table.
final class ScoreLessonTests: XCTestCase {
    static let run: LessonRun? = {
        guard let trained = SamplingLessonTests.trained, trained.status == 0 else { return nil }
        return try? LessonRunner.run("Lesson08", ["--quick", "--checkpoint", trained.folder.appendingPathComponent("model.ckpt").path])
    }()

    func testScoreCheckPassesAtEveryT() throws {
        let run = try XCTUnwrap(Self.run)
        XCTAssertEqual(run.status, 0, run.stderr)
        let check = try run.csv("score_check.csv")
        XCTAssertEqual(check.header, ["t", "max_abs_error", "max_abs_score"])
        XCTAssertEqual(check.numbers("t"), [1, 10, 50, 100, 250, 500, 1000])
        for (error, score) in zip(check.numbers("max_abs_error"), check.numbers("max_abs_score")) {
            XCTAssertLessThan(error, 1e-6 * score, "−ε*/√(1 − ᾱ_t) is the gradient of log q_t")
            XCTAssertGreaterThan(score, 1)
        }
        for name in ["score_field", "langevin", "solvers", "solver_errors"] {
            XCTAssertTrue(run.exists(name + ".png") && run.exists(name + ".csv"), name)
        }
        XCTAssertTrue(run.stdout.contains("largest difference between DDIM (η = 0) and Euler in x̄"), run.stdout)
        // The DPM-Solver++(2M) loop written out in the lesson gives the module's numbers.
        let inView = try XCTUnwrap(run.stdout.components(separatedBy: "dpmSolver2M against the module's DPMSolverPlusPlus2M").last?
            .components(separatedBy: "largest difference ").dropFirst().first?.components(separatedBy: ",").first)
        XCTAssertLessThan(try XCTUnwrap(Double(inView)), 1e-10, run.stdout)
        // Karras's ρ = 7 grid: shorter steps in σ, longer in log σ, at small σ.
        let prose = run.stdout.replacingOccurrences(of: "\n", with: " ")
        XCTAssertTrue(prose.contains("in log σ, the measure of DPM-Solver's h, its steps are longest at small σ"), run.stdout)
    }

    func testSolverTableAndASecondOrderSolverBeatsDDIM() throws {
        let run = try XCTUnwrap(Self.run)
        XCTAssertEqual(run.status, 0, run.stderr)
        let table = try run.csv("solvers.csv")
        XCTAssertEqual(table.header, ["denoiser", "solver", "model_calls", "energy_distance", "expected_floor", "component_std", "seconds"])
        XCTAssertEqual(Set(table.column("denoiser")), ["trained", "ideal"])
        XCTAssertEqual(table.rows.count, 2 * 5 * 4)
        let ddim = table.filter("denoiser", "ideal").filter("solver", "DDIM (Euler on uniform t)")
        XCTAssertEqual(ddim.numbers("model_calls"), [5, 10, 20, 50])
        XCTAssertEqual(table.filter("denoiser", "ideal").filter("solver", "Heun (Karras ρ = 7)").numbers("model_calls"), [5, 9, 19, 49])
        // Seed by seed, from the same x_T: DPM-Solver++(2M) on the log-SNR grid lands closer
        // to the exact ODE solution than DDIM at 10 and 20 calls.
        let errors = try run.csv("solver_errors.csv")
        let ddimErrors = errors.filter("solver", "DDIM (Euler on uniform t)").numbers("rms_error")
        let dpmErrors = errors.filter("solver", "DPM-Solver++(2M) (uniform log-SNR)").numbers("rms_error")
        XCTAssertFalse(errors.rows.contains { $0.count != errors.header.count }, "no commas inside a field")
        guard ddimErrors.count == 4, dpmErrors.count == 4 else { return XCTFail("four budgets per solver") }
        XCTAssertLessThan(dpmErrors[1] * 1.5, ddimErrors[1])
        XCTAssertLessThan(dpmErrors[2] * 2, ddimErrors[2])
        // Every solver improves from 5 to 50 calls, and the component spread nears 0.1.
        for solver in Set(errors.column("solver")) {
            let e = errors.filter("solver", solver).numbers("rms_error")
            XCTAssertLessThan(e.last ?? 1, e.first ?? 0, solver)
        }
        let spread50 = table.filter("denoiser", "ideal").filter("model_calls", "50").numbers("component_std")
        for s in spread50 { XCTAssertEqual(s, 0.1, accuracy: 0.02) }
        XCTAssertTrue(run.stdout.contains("beats DDIM on 3 of 3 seeds at 10 calls"), run.stdout)
    }

    func testBadOptionsAreOneLineErrors() throws {
        try LessonRunner.assertOneLineError("Lesson08", ["--denoiser", "perfect"], mentions: "perfect")
        try LessonRunner.assertOneLineError("Lesson08", ["--seed", "minus"], mentions: "minus")
        try LessonRunner.assertOneLineError("Lesson08", ["--checkpoint", "/nonexistent/model.ckpt", "--timesteps", "20"], mentions: "--timesteps 50")
    }
}
