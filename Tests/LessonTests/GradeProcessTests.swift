import ExerciseChecks
import Foundation
import Plot
import XCTest

/// `swift run Grade` as a teacher runs it: each exercise graded in a process of its own, so
/// an answer that traps or hangs costs only its own grade.
final class GradeProcessTests: XCTestCase {
    /// Runs Grade with `WORKBOOK_MISTAKE` and the given arguments; returns its run and the
    /// rows of the CSV it wrote (nil when it wrote none).
    private func grade(mistake: String?, _ arguments: [String] = []) throws -> (run: LessonRun, rows: [[String]]?) {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("workbook-grade-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let csv = folder.appendingPathComponent("grade.csv")
        let run = try LessonRunner.run("Grade", ["--output", csv.path] + arguments,
                                       environment: mistake.map { ["WORKBOOK_MISTAKE": $0] } ?? [:])
        let text = try? String(contentsOf: csv, encoding: .utf8)
        return (run, text.map { Array(CSVReader.records($0).dropFirst()) })
    }

    /// Every catalog answer that traps is reported as crashed, and every other exercise is
    /// still graded after it.
    func testAnAnswerThatTrapsCrashesAloneAndTheRestAreGraded() throws {
        let trapping = AllExercises.entries.flatMap { entry in entry.trappingMistakes.map { (entry, $0) } }
        XCTAssertFalse(trapping.isEmpty, "the catalog keeps at least one answer that traps, to test this with")
        for (entry, hint) in trapping {
            let (run, rows) = try grade(mistake: "\(entry.name): \(hint)")
            XCTAssertEqual(run.status, 0, run.stderr)
            let grades = try XCTUnwrap(rows)
            XCTAssertEqual(grades.map { $0[1] }, AllExercises.entries.map(\.name), "every exercise has its row, in order")
            let row = try XCTUnwrap(grades.first { $0[1] == entry.name })
            XCTAssertEqual(row[2], "crashed")
            XCTAssertTrue(row[3].contains("swift test --filter \(entry.lesson)"), row[3])
            XCTAssertEqual(grades.filter { $0[2] == "crashed" }.count, 1, "only the trapping answer crashed")
            XCTAssertTrue(run.stdout.contains("1 crashed, 0 timed out of \(AllExercises.entries.count)"), run.stdout)
        }
    }

    func testAWrongAnswerFailsWithItsMistakeNamed() throws {
        let (run, rows) = try grade(mistake: "qSample: missing square root")
        XCTAssertEqual(run.status, 0, run.stderr)
        let row = try XCTUnwrap(rows?.first { $0[1] == "qSample" })
        XCTAssertEqual(row[2], "failed")
        XCTAssertTrue(row[3].hasPrefix("Likely mistake: missing square root"), row[3])
    }

    /// A limit no process can meet: every check is stopped and reported as timed out.
    func testAnExerciseOverTheTimeLimitTimesOut() throws {
        let (run, rows) = try grade(mistake: nil, ["--time-limit", "0.0001"])
        XCTAssertEqual(run.status, 0, run.stderr)
        let grades = try XCTUnwrap(rows)
        XCTAssertEqual(grades.count, AllExercises.entries.count)
        XCTAssertEqual(Set(grades.map { $0[2] }), ["timed out"])
    }

    func testAMistakeTheCatalogDoesNotKnowIsAOneLineErrorAndWritesNothing() throws {
        for mistake in ["qSample: not a known mistake", "noSuchExercise: t off by one"] {
            let (run, rows) = try grade(mistake: mistake)
            XCTAssertNotEqual(run.status, 0)
            XCTAssertEqual(run.stderr.split(separator: "\n").count, 1, run.stderr)
            XCTAssertTrue(run.stderr.contains("WORKBOOK_MISTAKE=\(mistake)"), run.stderr)
            XCTAssertNil(rows, "no grade.csv")
        }
    }
}
