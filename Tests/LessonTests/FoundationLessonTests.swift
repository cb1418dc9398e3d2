import Foundation
import Plot
import XCTest

/// Runs the schedule, forward-process and posterior lessons with `--quick` and checks the
/// numbers they wrote against float64 reference values (NumPy, from the papers' formulas:
/// the script and the full tables are in Tests/DiffusionTests/ReferenceValues.swift).
final class FoundationLessonTests: XCTestCase {
    func relative(_ a: Double, _ b: Double) -> Double { abs(a - b) / abs(b) }

    func testScheduleLessonWritesEveryScheduleAndTheReferenceValues() throws {
        let run = try LessonRunner.run("Lesson01", ["--quick"])
        XCTAssertEqual(run.status, 0, run.stderr)
        let csv = try run.csv("schedules.csv")
        XCTAssertEqual(Array(csv.header.prefix(4)), ["schedule", "t", "beta", "alpha_bar"])
        XCTAssertEqual(Set(csv.column("schedule")), ["linear", "quadratic", "sigmoid", "cosine"])
        XCTAssertEqual(csv.rows.count, 4 * 1000)
        let linear = csv.filter("schedule", "linear")
        XCTAssertEqual(linear.numbers("t"), (1...1000).map(Double.init), "t runs 1…T")
        XCTAssertLessThan(relative(linear.numbers("alpha_bar")[999], 4.035829765375676e-05), 1e-12)
        XCTAssertLessThan(relative(linear.numbers("beta")[487], 9.801001001001000e-03), 1e-12)
        let cosine = csv.filter("schedule", "cosine")
        XCTAssertLessThan(relative(cosine.numbers("alpha_bar")[487], 5.125449999747288e-01), 1e-12)
        XCTAssertLessThan(relative(cosine.numbers("beta")[999], 0.999), 1e-12)
        for name in ["schedules", "angle_schedule", "tutorial_schedules"] {
            XCTAssertTrue(run.exists(name + ".csv"), name)
            let image = try RasterImage(pngAt: run.folder.appendingPathComponent(name + ".png"))
            XCTAssertGreaterThan(image.width, 400, name)
        }
        XCTAssertTrue(run.stdout.contains("swift test --filter Lesson01"), "the lesson ends by naming its exercises")
    }

    func testScheduleLessonFollowsItsOptions() throws {
        let run = try LessonRunner.run("Lesson01", ["--quick", "--timesteps", "50", "--beta-start", "0.001", "--beta-end", "0.05"])
        XCTAssertEqual(run.status, 0, run.stderr)
        let linear = try run.csv("schedules.csv").filter("schedule", "linear")
        XCTAssertEqual(linear.rows.count, 50)
        XCTAssertEqual(linear.numbers("beta").first, 0.001)
        XCTAssertEqual(linear.numbers("beta").last, 0.05)
    }

    func testBadOptionsAreOneLineErrors() throws {
        try LessonRunner.assertOneLineError("Lesson01", ["--timesteps", "0"], mentions: "--timesteps")
        try LessonRunner.assertOneLineError("Lesson01", ["--beta-end", "2"], mentions: "--beta-end")
        try LessonRunner.assertOneLineError("Lesson03", ["--beta-start", "0.1", "--beta-end", "0.01"], mentions: "--beta-start")
        try LessonRunner.assertOneLineError("Lesson02", ["--dataset", "spiral-galaxy"], mentions: "spiral-galaxy")
        try LessonRunner.assertOneLineError("Lesson01", ["--output", "/proc/no-such-place/out"], mentions: "/proc/no-such-place/out")
    }

    func testHelpDescribesTheOptions() throws {
        let run = try LessonRunner.run("Lesson02", ["--help"])
        XCTAssertEqual(run.status, 0)
        for option in ["--seed", "--output", "--quick", "--timesteps", "--dataset", "swiss-roll"] {
            XCTAssertTrue(run.stdout.contains(option), "help mentions \(option)")
        }
    }

    func testForwardLessonChecksTheChainAndWritesItsFigures() throws {
        let run = try LessonRunner.run("Lesson02", ["--quick", "--dataset", "moons"])
        XCTAssertEqual(run.status, 0, run.stderr)
        let check = try run.csv("chain_check.csv")
        XCTAssertFalse(check.rows.isEmpty)
        XCTAssertEqual(Set(check.column("within_tolerance")), ["yes"])
        // At t = T the variance of x_t is 1 − ᾱ_T, essentially 1.
        let last = check.filter("t", "1000")
        XCTAssertEqual(last.numbers("variance_formula").first ?? 0, 1 - 4.035829765375676e-05, accuracy: 1e-12)
        let forward = try run.csv("forward.csv")
        XCTAssertEqual(Set(forward.column("t")).count, 8)
        // The picture fades: its correlation with the clean picture falls with t.
        let linear = try run.csv("picture_noising.csv").filter("schedule", "linear").numbers("correlation_with_clean")
        XCTAssertEqual(linear.first ?? 0, 1, accuracy: 1e-12)
        XCTAssertEqual(linear, linear.sorted(by: >))
        XCTAssertLessThan(linear.last ?? 1, 0.1)
        let frames = try FileManager.default.contentsOfDirectory(atPath: run.folder.appendingPathComponent("forward_animation_frames").path)
        XCTAssertEqual(frames.filter { $0.hasSuffix(".png") }.count, 6)
        let apng = try Data(contentsOf: run.folder.appendingPathComponent("forward_animation.png"))
        XCTAssertNotNil(apng.range(of: Data("acTL".utf8)), "the animation is an animated PNG")
    }

    func testPosteriorLessonWritesTheReferenceCoefficients() throws {
        let run = try LessonRunner.run("Lesson03", ["--quick"])
        XCTAssertEqual(run.status, 0, run.stderr)
        let csv = try run.csv("posterior.csv")
        XCTAssertEqual(csv.header, ["t", "beta", "beta_tilde", "coef_x0", "coef_xt"])
        XCTAssertEqual(csv.numbers("t"), (1...1000).map(Double.init))
        let row = csv.filter("t", "488")
        XCTAssertLessThan(relative(row.numbers("beta_tilde")[0], 9.791571985690041e-03), 1e-12)
        XCTAssertLessThan(relative(row.numbers("coef_x0")[0], 3.216438552813049e-03), 1e-12)
        XCTAssertLessThan(relative(row.numbers("coef_xt")[0], 9.941301128045488e-01), 1e-12)
        XCTAssertEqual(csv.filter("t", "1").numbers("beta_tilde"), [0])
        XCTAssertTrue(run.stdout.contains("✓"))
        XCTAssertFalse(run.stdout.contains("✗"), run.stdout)
        XCTAssertTrue(run.exists("posterior_check.png"))
    }
}
