import ExerciseChecks
import Foundation
import Plot
import XCTest

/// Runs a lesson's executable as a learner would and reads back what it wrote.
struct LessonRun {
    let status: Int32
    let stdout: String
    let stderr: String
    let folder: URL

    /// A CSV the lesson wrote, read with the reader that matches the writer.
    func csv(_ name: String, file: StaticString = #filePath, line: UInt = #line) throws -> CSV {
        let text = try String(contentsOf: folder.appendingPathComponent(name), encoding: .utf8)
        return CSV(text: text)
    }

    func exists(_ name: String) -> Bool {
        FileManager.default.fileExists(atPath: folder.appendingPathComponent(name).path)
    }
}

struct CSV {
    let header: [String]
    let rows: [[String]]

    init(text: String) {
        let lines = CSVReader.records(text)
        header = lines.first ?? []
        rows = Array(lines.dropFirst())
    }

    func column(_ name: String) -> [String] {
        guard let c = header.firstIndex(of: name) else { return [] }
        return rows.map { $0[c] }
    }

    func numbers(_ name: String) -> [Double] { column(name).compactMap(Double.init) }

    /// The rows whose `key` column equals `value`.
    func filter(_ key: String, _ value: String) -> CSV {
        guard let c = header.firstIndex(of: key) else { return CSV(header: header, rows: []) }
        return CSV(header: header, rows: rows.filter { $0[c] == value })
    }

    private init(header: [String], rows: [[String]]) {
        self.header = header
        self.rows = rows
    }
}

enum LessonRunner {
    /// Where SwiftPM put the executables (beside the test bundle).
    static var productsDirectory: URL {
        #if os(macOS)
        for bundle in Bundle.allBundles where bundle.bundlePath.hasSuffix(".xctest") {
            return bundle.bundleURL.deletingLastPathComponent()
        }
        fatalError("The test bundle was not found.")
        #else
        return Bundle.main.bundleURL
        #endif
    }

    /// Runs `lesson` with `arguments`; unless the arguments name an `--output`, it writes
    /// into a fresh temporary folder.
    /// `environment` is added to this process's, without its `WORKBOOK_` variables (which pick
    /// the answers a lesson's `--mine` runs).
    static func run(_ lesson: String, _ arguments: [String] = [], environment: [String: String] = [:]) throws -> LessonRun {
        let (process, folder) = prepare(lesson, arguments, environment: environment)
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        // Read before waiting, so a full pipe cannot block the lesson.
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        let errData = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return LessonRun(status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
                         stderr: String(decoding: errData, as: UTF8.self), folder: folder)
    }

    /// The process of `run` and the folder it writes, not yet started.
    private static func prepare(_ lesson: String, _ arguments: [String], environment: [String: String]) -> (Process, URL) {
        CheckProcess.exitWhenOrphaned()  // the test run ends with the `swift test` that started it
        let output = arguments.firstIndex(of: "--output").map { arguments[$0 + 1] }
        let folder = output.map { URL(fileURLWithPath: $0) }
            ?? FileManager.default.temporaryDirectory.appendingPathComponent("workbook-\(lesson)-\(UUID().uuidString)")
        let process = Process()
        process.executableURL = productsDirectory.appendingPathComponent(lesson)
        process.arguments = arguments.contains("--output") ? arguments : arguments + ["--output", folder.path]
        process.environment = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("WORKBOOK_") }
            .merging(environment) { $1 }
        return (process, folder)
    }

    /// Asserts that a bad invocation fails with exactly one line on standard error that
    /// mentions `mention`, prints nothing else, and wrote no figure or CSV (inputs are
    /// checked before the first file is written).
    static func assertOneLineError(_ lesson: String, _ arguments: [String], mentions mention: String,
                                   environment: [String: String] = [:], file: StaticString = #filePath, line: UInt = #line) throws {
        let run = try self.run(lesson, arguments, environment: environment)
        XCTAssertNotEqual(run.status, 0, "\(lesson) \(arguments) should fail", file: file, line: line)
        let lines = run.stderr.split(separator: "\n")
        XCTAssertEqual(lines.count, 1, "expected one error line, got: \(run.stderr)", file: file, line: line)
        XCTAssertTrue(run.stderr.contains(mention), "the error should mention \(mention): \(run.stderr)", file: file, line: line)
        XCTAssertTrue(run.stderr.contains("error"), "the line should say it is an error: \(run.stderr)", file: file, line: line)
        let written = (try? FileManager.default.contentsOfDirectory(atPath: run.folder.path)) ?? []
        XCTAssertEqual(written.filter { $0.hasSuffix(".png") || $0.hasSuffix(".csv") }, [],
                       "\(lesson) \(arguments) wrote files before it failed", file: file, line: line)
    }
}
