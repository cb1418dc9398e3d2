import ExerciseChecks
import Foundation
import Plot
import XCTest

/// `swift run Grade` as a teacher runs it: each exercise graded in a process of its own, so
/// an answer that traps or hangs costs only its own grade.
final class GradeProcessTests: XCTestCase {
    /// Runs Grade with `WORKBOOK_MISTAKE` (the reference in every other place) and the given
    /// arguments; returns its run and the rows of the CSV it wrote (nil when it wrote none).
    private func grade(mistake: String?, _ arguments: [String] = []) throws -> (run: LessonRun, rows: [[String]]?) {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("workbook-grade-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let csv = folder.appendingPathComponent("grade.csv")
        let run = try LessonRunner.run("Grade", ["--output", csv.path] + arguments,
                                       environment: ["WORKBOOK_REFERENCE": "1"].merging(mistake.map { ["WORKBOOK_MISTAKE": $0] } ?? [:]) { $1 })
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
            XCTAssertTrue(row[3].hasPrefix("crashed while trying \(entry.name)("), row[3])
            XCTAssertEqual(grades.filter { $0[2] != "passed" }.map { $0[1] }, [entry.name], "only the trapping answer crashed")
            XCTAssertTrue(run.stdout.contains("1 crashed, 0 timed out of \(AllExercises.entries.count)"), run.stdout)
        }
    }

    /// The crash and the hang that ExerciseProcessTests gives `swift test`: the same two lines.
    func testACrashAndAHangInOneLessonAreGradedAndTheRestStand() throws {
        let started = Date()
        let (run, rows) = try grade(mistake: ExerciseProcessTests.crashAndHang, ["--time-limit", "5"])
        XCTAssertLessThan(Date().timeIntervalSince(started), 60)
        XCTAssertEqual(run.status, 0, run.stderr)
        let grades = try XCTUnwrap(rows)
        XCTAssertEqual(grades.map { $0[1] }, AllExercises.entries.map(\.name))
        let step = try XCTUnwrap(grades.first { $0[1] == "ddpmStep" }), sample = try XCTUnwrap(grades.first { $0[1] == "ddpmSample" })
        XCTAssertEqual(step[2], "crashed")
        XCTAssertTrue(step[3].hasPrefix("crashed while trying ddpmStep(xt: [0.8, 0.1, -1.5], t: 1,"), step[3])
        XCTAssertEqual(sample[2], "timed out")
        XCTAssertTrue(sample[3].hasPrefix("was still running after 5.0 s, while trying ddpmSample(xT:"), sample[3])
        XCTAssertEqual(grades.filter { $0[2] != "passed" }.map { $0[1] }, ["ddpmStep", "ddpmSample"])
        XCTAssertTrue(run.stdout.contains("1 crashed, 1 timed out of \(AllExercises.entries.count)"), run.stdout)
    }

    /// `Grade --exercise NAME`, the process that grades one exercise, announces every case before
    /// it tries it: each check tries several, each a call of the exercise with its inputs.
    func testEveryCheckAnnouncesEachCaseItTries() throws {
        for entry in AllExercises.entries {
            let run = try LessonRunner.run("Grade", ["--exercise", entry.name, "--output", "grade.csv"],
                                           environment: ["WORKBOOK_REFERENCE": "1"])
            XCTAssertEqual(run.status, 0, run.stderr)
            XCTAssertTrue(run.stdout.contains(#""status":"passed""#), run.stdout)
            let cases = run.stderr.split(separator: "\n").filter { $0.hasPrefix("\(CaseAnnouncements.prefix)\(entry.name)(") }
            XCTAssertGreaterThanOrEqual(cases.count, 2, "\(entry.name):\n\(run.stderr)")
            XCTAssertEqual(run.stderr.split(separator: "\n").count, cases.count, "nothing but announcements:\n\(run.stderr)")
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
