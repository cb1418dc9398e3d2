import Foundation
import XCTest

/// A run replaces its output folder as a whole: it writes beside it and moves into place at
/// the end, so a run that fails midway or is killed leaves the previous run byte for byte.
final class RunReplacementTests: XCTestCase {
    var parent: URL!

    override func setUpWithError() throws {
        parent = FileManager.default.temporaryDirectory.appendingPathComponent("workbook-runs-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: parent, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(at: parent)
    }

    var lesson04: URL { parent.appendingPathComponent("Lesson04") }

    /// Every file under `parent` (the lessons' folders and the gallery) and its bytes.
    func snapshot() throws -> [String: Data] {
        var files: [String: Data] = [:]
        let enumerator = try XCTUnwrap(FileManager.default.enumerator(atPath: parent.path))
        for case let path as String in enumerator {
            var isDirectory: ObjCBool = false
            let url = parent.appendingPathComponent(path)
            if FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory), !isDirectory.boolValue {
                files[path] = try Data(contentsOf: url)
            }
        }
        return files
    }

    /// The hidden folders a run writes into, left beside the lessons' folders.
    var leftovers: [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: parent.path)) ?? []).filter { $0.hasPrefix(".") }.sorted()
    }

    /// A quick Lesson04 into `parent/Lesson04`, which must succeed.
    func runLesson04(_ options: [String] = []) throws {
        let run = try LessonRunner.run("Lesson04", ["--quick", "--output", lesson04.path] + options)
        XCTAssertEqual(run.status, 0, run.stderr)
    }

    func testARunThatFailsMidwayLeavesThePreviousOutputByteForByte() throws {
        try runLesson04()
        let before = try snapshot()
        XCTAssertNotNil(before["Lesson04/vlb_weights.png"])
        XCTAssertNotNil(before["index.html"], "the gallery")
        // The derivation's figures are made before training, which diverges at once.
        let failed = try LessonRunner.run("Lesson04", ["--quick", "--learning-rate", "50", "--output", lesson04.path])
        XCTAssertNotEqual(failed.status, 0)
        XCTAssertTrue(failed.stdout.contains("vlb_weights.png"), "the run got past its first figures")
        let lines = failed.stderr.split(separator: "\n")
        XCTAssertEqual(lines.count, 1, failed.stderr)
        XCTAssertTrue(failed.stderr.contains("diverged"), failed.stderr)
        XCTAssertTrue(failed.stderr.contains("\(lesson04.path) still holds the previous run, untouched"), failed.stderr)
        XCTAssertEqual(try snapshot(), before)
        XCTAssertEqual(leftovers, [])
    }

    func testASuccessfulRunReplacesTheFolderAsAWholeButKeepsModelsItDidNotWrite() throws {
        let folder = parent.appendingPathComponent("Lesson01")
        var run = try LessonRunner.run("Lesson01", ["--quick", "--output", folder.path])
        XCTAssertEqual(run.status, 0, run.stderr)
        // A figure of an earlier version of the lesson, and a model saved in the folder.
        try Data("old".utf8).write(to: folder.appendingPathComponent("stale.csv"))
        try Data("model".utf8).write(to: folder.appendingPathComponent("mine.ckpt"))
        run = try LessonRunner.run("Lesson01", ["--quick", "--seed", "7", "--output", folder.path])
        XCTAssertEqual(run.status, 0, run.stderr)
        XCTAssertEqual(run.stderr, "")
        XCTAssertFalse(run.exists("stale.csv"), "the previous run is replaced as a whole")
        XCTAssertEqual(try Data(contentsOf: folder.appendingPathComponent("mine.ckpt")), Data("model".utf8))
        XCTAssertTrue(try String(contentsOf: folder.appendingPathComponent("page.json"), encoding: .utf8).contains("\"seed\" : 7"))
        XCTAssertTrue(run.stdout.contains("figure: \(folder.path)/schedules.png"), run.stdout)
        XCTAssertFalse(run.stdout.contains(".Lesson01.run-"), "the terminal names the files where they end up")
        XCTAssertEqual(leftovers, [])
        let page = try String(contentsOf: folder.appendingPathComponent("index.html"), encoding: .utf8)
        XCTAssertFalse(page.contains(".run-"), "the page names the files where they end up")
    }

    func testAnInterruptedRunLeavesThePreviousOutputAndAKilledOneIsCleanedUpByTheNext() throws {
        try runLesson04()
        let before = try snapshot()
        // SIGTERM (as Ctrl-C's SIGINT): the run removes what it wrote and says so in one line.
        let terminated = try startLongRun()
        kill(terminated.process.processIdentifier, SIGTERM)
        let stderr = terminated.finish()
        XCTAssertEqual(terminated.process.terminationStatus, 128 + SIGTERM, stderr)
        XCTAssertEqual(stderr, "Lesson04: interrupted: \(lesson04.path) still holds the previous run, untouched\n")
        XCTAssertEqual(try snapshot(), before)
        XCTAssertEqual(leftovers, [])
        // SIGKILL cannot be caught: the run's folder stays beside the output until the next run.
        let killed = try startLongRun()
        kill(killed.process.processIdentifier, SIGKILL)
        _ = killed.finish()
        XCTAssertEqual(killed.process.terminationReason, .uncaughtSignal)
        XCTAssertEqual(try snapshot().filter { !$0.key.hasPrefix(".") }, before)
        XCTAssertEqual(leftovers, [".Lesson04.run-\(killed.process.processIdentifier)"])
        try runLesson04(["--seed", "5"])
        XCTAssertEqual(leftovers, [], "the next run removes what the killed one left")
    }

    func testAFolderThatIsNotAnEarlierRunIsNeverReplaced() throws {
        let notes = parent.appendingPathComponent("notes")
        try FileManager.default.createDirectory(at: notes, withIntermediateDirectories: true)
        try Data("mine".utf8).write(to: notes.appendingPathComponent("todo.txt"))
        try LessonRunner.assertOneLineError("Lesson01", ["--quick", "--output", notes.path], mentions: "not a finished run of Lesson01")
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: notes.path), ["todo.txt"])
        XCTAssertEqual(leftovers, [])
        // Nor is another lesson's folder.
        try runLesson04()
        let before = try snapshot()
        let wrong = try LessonRunner.run("Lesson01", ["--quick", "--output", lesson04.path])
        XCTAssertNotEqual(wrong.status, 0)
        XCTAssertEqual(wrong.stderr.split(separator: "\n").count, 1, wrong.stderr)
        XCTAssertTrue(wrong.stderr.contains("not a finished run of Lesson01"), wrong.stderr)
        XCTAssertEqual(try snapshot(), before)
    }

    /// A Lesson04 that trains for minutes, once it has written its first figures into its
    /// fresh folder beside `parent/Lesson04`.
    func startLongRun() throws -> LongRun {
        let process = Process()
        process.executableURL = LessonRunner.productsDirectory.appendingPathComponent("Lesson04")
        process.arguments = ["--quick", "--steps", "10000000", "--output", lesson04.path]
        process.standardOutput = FileHandle.nullDevice
        let err = Pipe()
        process.standardError = err
        try process.run()
        let figure = parent.appendingPathComponent(".Lesson04.run-\(process.processIdentifier)/vlb_weights.png")
        let deadline = Date().addingTimeInterval(120)
        while !FileManager.default.fileExists(atPath: figure.path) && process.isRunning && Date() < deadline {
            Thread.sleep(forTimeInterval: 0.02)
        }
        XCTAssertTrue(process.isRunning, "the run is still training")
        XCTAssertTrue(FileManager.default.fileExists(atPath: figure.path), "the run writes beside the output folder")
        return LongRun(process: process, stderr: err)
    }

    struct LongRun {
        let process: Process
        let stderr: Pipe

        /// Waits for the run to end; what it printed on standard error.
        func finish() -> String {
            let data = stderr.fileHandleForReading.readDataToEndOfFile()
            process.waitUntilExit()
            return String(decoding: data, as: UTF8.self)
        }
    }
}
