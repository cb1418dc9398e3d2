import ExerciseChecks
import Foundation
import XCTest

/// `swift test --filter Lesson05` as a student runs it, on answers that crash and never
/// return: the test bundle itself is run on Lesson05Exercises, with catalog mistakes in the
/// student's place (`WORKBOOK_MISTAKE`, the reference elsewhere).
final class ExerciseProcessTests: XCTestCase {
    /// A crash at t = 1 in ddpmStep and a loop that never ends in ddpmSample.
    static let crashAndHang = "ddpmStep: alphaBars[t - 2] at t = 1; ddpmSample: t never decreases"

    func testACrashAndAHangAreOneLineEachAndTheLessonsOtherExercisesStillReport() throws {
        let run = try Self.runLesson05Exercises(["WORKBOOK_MISTAKE": Self.crashAndHang, "WORKBOOK_TIME_LIMIT": "5"], deadline: 60)
        XCTAssertFalse(run.killed, "finished within 60 s:\n\(run.output)")
        XCTAssertNotEqual(run.status, 0)
        let lines = run.output.split(separator: "\n").map(String.init)
        let crash = lines.filter { $0.contains("testDdpmStep : failed") }
        XCTAssertEqual(crash.count, 1, run.output)
        XCTAssertTrue(crash.first?.contains("failed - ddpmStep crashed while trying ddpmStep(xt: [0.8, 0.1, -1.5], t: 1,") ?? false, run.output)
        XCTAssertTrue(crash.first?.contains("— t = 1, where ᾱ_{t−1} = ᾱ_0 = 1 is not in alphaBars: a trap") ?? false, run.output)
        let hang = lines.filter { $0.contains("testDdpmSample : failed") }
        XCTAssertEqual(hang.count, 1, run.output)
        XCTAssertTrue(hang.first?.contains("failed - ddpmSample was still running after 5.0 s, while trying ddpmSample(xT:") ?? false,
                      run.output)
        XCTAssertTrue(hang.first?.hasSuffix("a loop that never ends?") ?? false, run.output)
        for name in ["testReverseVariance", "testPredictX0Clipped"] {
            XCTAssertTrue(lines.contains { $0.contains("Lesson05Exercises.\(name)' passed") }, "\(name) still reports:\n\(run.output)")
        }
        XCTAssertTrue(lines.contains { $0.contains("Executed 4 tests, with 2 failures") }, run.output)
        XCTAssertFalse(run.output.contains("Backtrac") || run.output.contains("Fatal error"), "no backtrace:\n\(run.output)")
        XCTAssertEqual(try Self.survivors(of: run.marker), [], "no check outlives the run")
    }

    /// A WORKBOOK_MISTAKE the catalog does not know: each check says so, in Grade's own words.
    func testAnUnknownMistakeIsSaidNotTakenForACrash() throws {
        let run = try Self.runLesson05Exercises(["WORKBOOK_MISTAKE": "ddpmStep: nope"], deadline: 60)
        let failures = run.output.split(separator: "\n").filter { $0.contains(" : failed - ") }
        XCTAssertEqual(failures.count, 4, run.output)
        for line in failures {
            XCTAssertTrue(line.contains("could not be graded: Grade: error: WORKBOOK_MISTAKE=ddpmStep: nope: ddpmStep's mistakes are"), String(line))
        }
    }

    /// The test run killed while a check hangs: the check ends within a second, not at its time limit.
    func testAChecksProcessEndsWithTheRunThatStartedIt() throws {
        #if os(Linux)
        let run = try Self.runLesson05Exercises(["WORKBOOK_MISTAKE": "ddpmSample: t never decreases", "WORKBOOK_TIME_LIMIT": "60"],
                                                deadline: 3)
        XCTAssertTrue(run.killed)
        XCTAssertFalse(try Self.survivors(of: run.marker).isEmpty, "a check was hanging when the run was killed")
        Thread.sleep(forTimeInterval: 1.5)
        XCTAssertEqual(try Self.survivors(of: run.marker), [], "the hanging check ended with its parent")
        #else
        throw XCTSkip("reads /proc")
        #endif
    }

    struct Run {
        let status: Int32
        let output: String
        let killed: Bool
        let marker: String
    }

    /// Runs the test bundle on Lesson05Exercises with `environment` (and the reference in every
    /// place no mistake takes), killing it after `deadline` seconds. Every process it starts
    /// carries a marker in its environment, for `survivors`.
    static func runLesson05Exercises(_ environment: [String: String], deadline: Double) throws -> Run {
        let marker = UUID().uuidString
        let process = Process()
        #if os(macOS)
        let bundle = try XCTUnwrap(Bundle.allBundles.first { $0.bundlePath.hasSuffix(".xctest") })
        process.executableURL = URL(fileURLWithPath: "/usr/bin/xcrun")
        process.arguments = ["xctest", "-XCTest", "ExerciseTests.Lesson05Exercises", bundle.bundlePath]
        #else
        process.executableURL = Bundle.main.executableURL
        process.arguments = ["ExerciseTests.Lesson05Exercises"]
        #endif
        process.environment = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("WORKBOOK_") }
            .merging(environment.merging(["WORKBOOK_REFERENCE": "1", "WORKBOOK_RUN_MARKER": marker]) { $1 }) { $1 }
        let output = FileManager.default.temporaryDirectory.appendingPathComponent("workbook-tests-\(marker)")
        _ = FileManager.default.createFile(atPath: output.path, contents: nil)
        defer { try? FileManager.default.removeItem(at: output) }
        let handle = try FileHandle(forWritingTo: output)
        (process.standardOutput, process.standardError) = (handle, handle)
        let finished = DispatchSemaphore(value: 0)
        process.terminationHandler = { _ in finished.signal() }
        try process.run()
        let killed = finished.wait(timeout: .now() + deadline) == .timedOut
        if killed {
            kill(process.processIdentifier, SIGKILL)
            finished.wait()
        }
        return Run(status: process.terminationStatus, output: try String(contentsOf: output, encoding: .utf8), killed: killed,
                   marker: marker)
    }

    /// The processes still running with `marker` in their environment (Linux: read from /proc).
    static func survivors(of marker: String) throws -> [String] {
        #if os(Linux)
        let ids = try FileManager.default.contentsOfDirectory(atPath: "/proc").filter { Int($0) != nil }
        return ids.filter { id in
            guard let environment = FileManager.default.contents(atPath: "/proc/\(id)/environ") else { return false }
            return String(decoding: environment, as: UTF8.self).contains("WORKBOOK_RUN_MARKER=\(marker)")
        }
        #else
        return []
        #endif
    }
}
