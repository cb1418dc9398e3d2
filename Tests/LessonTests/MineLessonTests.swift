import ExerciseChecks
import Foundation
import XCTest

/// `--mine` in its three states, for Lessons 02 and 05: not attempted (a fresh checkout:
/// the same numbers as without `--mine`), right (`WORKBOOK_REFERENCE=1` puts the reference in
/// the learner's place: ✓ and the same CSVs) and wrong (`WORKBOOK_MISTAKE` puts a catalog
/// mistake there: ✗ with the mistake named, and the wrong values in the CSV).
final class MineLessonTests: XCTestCase {
    /// The CSVs two runs wrote, by name.
    func csvs(_ run: LessonRun) throws -> [String: String] { try run.csvs() }

    /// Skips when the learner has answered `exercise` in Sources/Exercises: the fresh-checkout
    /// state no longer exists there.
    func requireNotAttempted<I>(_ exercise: Exercise<I>) throws {
        guard exercise.check(exercise.student) == .notAttempted else { throw XCTSkip("\(exercise.name) is answered in Sources/Exercises") }
    }

    func testLesson02NotAttemptedAndRightGiveTheReferenceNumbers() throws {
        try requireNotAttempted(Lesson02Catalog.qSample)
        try requireNotAttempted(Lesson02Catalog.qStep)
        let plain = try LessonRunner.run("Lesson02", ["--quick"])
        let fresh = try LessonRunner.run("Lesson02", ["--quick", "--mine"])
        let right = try LessonRunner.run("Lesson02", ["--quick", "--mine"], environment: ["WORKBOOK_REFERENCE": "1"])
        for run in [plain, fresh, right] { XCTAssertEqual(run.status, 0, run.stderr) }
        let reference = try csvs(plain)
        XCTAssertEqual(reference.count, 4)
        XCTAssertEqual(try csvs(fresh), reference, "--mine on a fresh checkout draws the reference")
        XCTAssertEqual(try csvs(right), reference, "a right answer draws the reference's numbers")
        XCTAssertTrue(fresh.stdout.contains("qSample: not attempted yet, so this cell uses the reference"), fresh.stdout)
        XCTAssertTrue(fresh.stdout.contains("qStep: not attempted yet"), fresh.stdout)
        XCTAssertFalse(fresh.stdout.contains("(your code)"))
        XCTAssertFalse(plain.stdout.contains("not attempted yet") || plain.stdout.contains("(your code)"), "without --mine, no word of it")
        XCTAssertEqual(right.stdout.components(separatedBy: "✓ qSample: yours matches the reference").count - 1, 3, right.stdout)
        XCTAssertTrue(right.stdout.contains("✓ qStep: yours matches the reference"), right.stdout)
        XCTAssertTrue(right.stdout.contains("[1] A dataset dissolving (your code)"), right.stdout)
        let page = try String(contentsOf: right.folder.appendingPathComponent("index.html"), encoding: .utf8)
        XCTAssertTrue(page.contains("A dataset dissolving (your code)"), "the page marks the cells the learner's code computed")
    }

    /// A missing square root: x_t = ᾱ_t x_0 + (1 − ᾱ_t) ε. The CSV holds those values, with ε
    /// recovered from a plain run as (x_t − √ᾱ_t x_0)/√(1 − ᾱ_t).
    func testLesson02WrongAnswerIsNamedAndDrawn() throws {
        let plain = try LessonRunner.run("Lesson02", ["--quick"])
        let wrong = try LessonRunner.run("Lesson02", ["--quick", "--mine"], environment: ["WORKBOOK_MISTAKE": "qSample: missing square root"])
        XCTAssertEqual(wrong.status, 0, wrong.stderr)
        XCTAssertTrue(wrong.stdout.contains("✗ qSample: yours differs from the reference, first at t = "), wrong.stdout)
        XCTAssertTrue(wrong.stdout.contains("Likely mistake: missing square root"), wrong.stdout)
        let right = try plain.csv("forward.csv"), mine = try wrong.csv("forward.csv")
        XCTAssertEqual(right.rows.count, mine.rows.count)
        let x0 = right.filter("t", "0").numbers("x")
        var checked = 0
        for t in Set(right.column("t")).subtracting(["0"]) {
            let a = right.filter("t", t).numbers("alpha_bar")[0]
            let xt = right.filter("t", t).numbers("x"), yours = mine.filter("t", t).numbers("x")
            for i in stride(from: 0, to: x0.count, by: 97) {
                let eps = (xt[i] - a.squareRoot() * x0[i]) / (1 - a).squareRoot()
                XCTAssertEqual(yours[i], a * x0[i] + (1 - a) * eps, accuracy: 1e-9, "t = \(t), point \(i)")
                checked += 1
            }
        }
        XCTAssertGreaterThan(checked, 20)
    }

    /// An answer that traps (the catalog's off-by-one reads alphaBars[T] at t = T) stops the
    /// lesson with a line naming the exercise, before any file is written.
    func testLesson02AnswerThatCrashesStopsBeforeWriting() throws {
        let run = try LessonRunner.run("Lesson02", ["--quick", "--mine"], environment: ["WORKBOOK_MISTAKE": "qSample: t off by one"])
        XCTAssertEqual(run.status, 1)
        let last = run.stderr.split(separator: "\n").last.map(String.init) ?? ""
        XCTAssertEqual(last, "Lesson02: error: your qSample (Sources/Exercises/Lesson02.swift) crashed; swift test --filter Lesson02 shows the case")
        XCTAssertFalse(FileManager.default.fileExists(atPath: run.folder.path), "nothing written, not even the folder")
        try LessonRunner.assertOneLineError("Lesson02", ["--quick", "--mine"], mentions: "WORKBOOK_MISTAKE", environment: ["WORKBOOK_MISTAKE": "qSample: nope"])
    }

    func testLesson05ThreeStates() throws {
        try requireNotAttempted(Lesson05Catalog.ddpmStep)
        let arguments = ["--quick", "--denoiser", "ideal"]
        let runs = try LessonRunner.runTogether([
            .init(lesson: "Lesson05", arguments: arguments + ["--mine"]),
            .init(lesson: "Lesson05", arguments: arguments + ["--mine"], environment: ["WORKBOOK_REFERENCE": "1"]),
            .init(lesson: "Lesson05", arguments: arguments + ["--mine"], environment: ["WORKBOOK_MISTAKE": "ddpmStep: add σ_t z"]),
        ])
        let (fresh, right, wrong) = (runs[0], runs[1], runs[2])
        for run in [fresh, right, wrong] { XCTAssertEqual(run.status, 0, run.stderr) }
        // Not attempted, the lesson runs the module's sampler as without --mine; right, it
        // steps with the answer through Sampler.run(…, update:): the same numbers.
        let reference = try csvs(fresh)
        XCTAssertEqual(reference.count, 5)
        XCTAssertEqual(try csvs(right), reference)
        XCTAssertTrue(fresh.stdout.contains("ddpmStep: not attempted yet"), fresh.stdout)
        XCTAssertTrue(right.stdout.contains("✓ ddpmStep: yours matches the reference on this cell's"), right.stdout)
        XCTAssertTrue(right.stdout.contains("[2] The reverse process (your code)"), right.stdout)
        XCTAssertTrue(wrong.stdout.contains("✗ ddpmStep: yours differs from the reference, first at t = "), wrong.stdout)
        XCTAssertTrue(wrong.stdout.contains("Likely mistake: add σ_t z"), wrong.stdout)
        // The same x_T, different samples.
        let plainReverse = try fresh.csv("reverse.csv"), wrongReverse = try wrong.csv("reverse.csv")
        let top = plainReverse.numbers("t").max().map { String(Int($0)) } ?? ""
        XCTAssertEqual(plainReverse.filter("t", top).numbers("x"), wrongReverse.filter("t", top).numbers("x"), "the same x_T")
        XCTAssertNotEqual(plainReverse.filter("t", "0").numbers("x"), wrongReverse.filter("t", "0").numbers("x"), "the wrong samples")
        XCTAssertEqual(try csvs(wrong)["clipping.csv"], reference["clipping.csv"], "cells without ddpmStep stay the module's")
    }
}

/// `--mine` in the other lessons with exercises (Lesson04's per-t loss is computed one point at a
/// time through the network, so it matches the batched reference to Float rounding, not bit for bit): on a fresh checkout the same CSVs as without
/// it (Lessons 01 and 03; 06 and 08 write timings into some CSVs), and with the reference in the
/// learner's place a ✓ line for every exercise the lesson uses.
final class MineOtherLessonsTests: XCTestCase {
    func testLessons01And03OnAFreshCheckoutDrawTheReference() throws {
        for (lesson, exercises) in [("Lesson01", Lesson01Catalog.all), ("Lesson03", Lesson03Catalog.all)] {
            guard exercises.allSatisfy({ $0.checkStudent() == .notAttempted }) else { continue }
            let plain = try LessonRunner.run(lesson, ["--quick"]), fresh = try LessonRunner.run(lesson, ["--quick", "--mine"])
            XCTAssertEqual(fresh.status, 0, fresh.stderr)
            let names = try FileManager.default.contentsOfDirectory(atPath: plain.folder.path).filter { $0.hasSuffix(".csv") }
            XCTAssertFalse(names.isEmpty)
            for name in names {
                XCTAssertEqual(try String(contentsOf: fresh.folder.appendingPathComponent(name), encoding: .utf8),
                               try String(contentsOf: plain.folder.appendingPathComponent(name), encoding: .utf8), "\(lesson) \(name)")
            }
            XCTAssertTrue(fresh.stdout.contains("not attempted yet, so this cell uses the reference"), fresh.stdout)
        }
    }

    func testEveryLessonWithExercisesUsesTheRightAnswer() throws {
        let lessons: [(String, [String], [String])] = [
            ("Lesson01", ["--quick"], ["linearBetas", "alphaBars", "cosineAlphaBar"]),
            ("Lesson03", ["--quick"], ["posteriorMean", "posteriorVariance"]),
            ("Lesson04", ["--quick"], ["simpleLoss"]),
            ("Lesson06", ["--quick", "--denoiser", "ideal", "--eta", "0.5"], ["ddimStep", "ddimSigma"]),
            ("Lesson08", ["--quick", "--denoiser", "ideal"], ["scoreFromEps"]),
        ]
        let runs = try LessonRunner.runTogether(lessons.map { lesson, arguments, _ in
            .init(lesson: lesson, arguments: arguments + ["--mine"], environment: ["WORKBOOK_REFERENCE": "1"])
        })
        for ((lesson, _, exercises), run) in zip(lessons, runs) {
            XCTAssertEqual(run.status, 0, run.stderr)
            for name in exercises {
                XCTAssertTrue(run.stdout.contains("✓ \(name): yours matches the reference on this cell's"), "\(lesson) \(name):\n\(run.stdout)")
            }
            XCTAssertFalse(run.stdout.contains("✗"), run.stdout)
            XCTAssertTrue(run.stdout.contains("(your code) ─"), "\(lesson) marks its cells")
        }
    }

    /// Lesson01: the catalog's "T − 1 gaps" linearBetas draws its β (β_T short of betaEnd); an
    /// ᾱ no schedule has (ᾱ_1 = 1) stops the lesson before it writes.
    func testLesson01WrongAnswers() throws {
        let wrong = try LessonRunner.run("Lesson01", ["--quick", "--timesteps", "10", "--beta-start", "0.01", "--beta-end", "0.2"],
                                         environment: ["WORKBOOK_MISTAKE": "linearBetas: T − 1 gaps"])
        XCTAssertEqual(wrong.status, 0, wrong.stderr)
        XCTAssertFalse(wrong.stdout.contains("✗"), "without --mine the answers are not used")
        let mine = try LessonRunner.run("Lesson01", ["--quick", "--timesteps", "10", "--beta-start", "0.01", "--beta-end", "0.2", "--mine"],
                                        environment: ["WORKBOOK_MISTAKE": "linearBetas: T − 1 gaps"])
        XCTAssertTrue(mine.stdout.contains("✗ linearBetas: yours differs from the reference, first at t = 2 of the linear schedule"), mine.stdout)
        let betas = try mine.csv("schedules.csv").filter("schedule", "linear").numbers("beta")
        XCTAssertEqual(betas.count, 10)
        for (i, beta) in betas.enumerated() { XCTAssertEqual(beta, 0.01 + Double(i) * 0.019, accuracy: 1e-9) }
        try LessonRunner.assertOneLineError("Lesson01", ["--quick", "--mine"], mentions: "your alphaBars",
                                            environment: ["WORKBOOK_MISTAKE": "alphaBars: t off by one"])
    }
}
