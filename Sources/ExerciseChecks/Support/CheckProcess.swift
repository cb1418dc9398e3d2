import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Runs one exercise's check in a child process, so that an answer that traps (an index out
/// of range) or never returns costs that exercise's grade only: `swift run Grade` and the
/// exercise tests of `swift test` both grade this way, and so say the same about an answer.
///
/// The child is `Grade --exercise NAME`: it announces each case before it tries it (one "▸
/// trying …" line on its standard error, see `announceCase`) and prints its grade as one JSON
/// line. A child that dies without that line crashed, on the last case it announced; one
/// still running after `timeLimit` seconds is killed and timed out, on the last case it
/// announced. A child whose parent dies exits too (`exitWhenOrphaned`).
public struct CheckProcess: Sendable {
    /// The program that grades one exercise: `Grade`.
    public let executable: URL
    public let timeLimit: Double

    /// Seconds one check may run, in `swift test` and `swift run Grade` alike; each check takes
    /// well under a second on the workbook's inputs.
    public static let defaultTimeLimit = 30.0

    public init(executable: URL, timeLimit: Double = CheckProcess.defaultTimeLimit) {
        (self.executable, self.timeLimit) = (executable, timeLimit)
    }

    public func grade(_ entry: ExerciseEntry) -> Grade {
        grade(exercise: entry.name, lesson: entry.lesson)
    }

    public func grade(exercise: String, lesson: String) -> Grade {
        func broken(_ status: Grade.Status, _ hint: String) -> Grade {
            Grade(lesson: lesson, exercise: exercise, status: status, hint: hint, message: "\(exercise) \(hint)")
        }
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("workbook-check-\(UUID().uuidString)")
        let outputFile = folder.appendingPathComponent("stdout"), errorFile = folder.appendingPathComponent("stderr")
        defer { try? FileManager.default.removeItem(at: folder) }
        let process = Process()
        process.executableURL = executable
        process.arguments = ["--exercise", exercise]
        // No backtrace: it takes seconds to print, and the grade says where the answer crashed.
        process.environment = ProcessInfo.processInfo.environment.merging(["SWIFT_BACKTRACE": "enable=no"]) { $1 }
        let finished = DispatchSemaphore(value: 0)
        process.terminationHandler = { _ in finished.signal() }
        do {
            // Files, not pipes: a child that announces many cases never blocks on a full pipe.
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            for file in [outputFile, errorFile] { _ = FileManager.default.createFile(atPath: file.path, contents: nil) }
            process.standardOutput = try FileHandle(forWritingTo: outputFile)
            process.standardError = try FileHandle(forWritingTo: errorFile)
            try process.run()
        } catch {
            return broken(.crashed, "could not be graded: \(executable.path) did not start (\(error))")
        }
        let timedOut = finished.wait(timeout: .now() + timeLimit) == .timedOut
        if timedOut {
            kill(process.processIdentifier, SIGKILL)
            finished.wait()
        }
        let output = (try? String(contentsOf: outputFile, encoding: .utf8)) ?? ""
        let errors = (try? String(contentsOf: errorFile, encoding: .utf8)) ?? ""
        let lines = errors.split(separator: "\n").map(String.init)
        let trying = lines.last { $0.hasPrefix(CaseAnnouncements.prefix) }.map { "while trying " + $0.dropFirst(CaseAnnouncements.prefix.count) }
            ?? "before trying any case"
        if timedOut {
            return broken(.timedOut, "was still running after \(show(timeLimit, digits: 3)) s, \(trying): a loop that never ends?")
        }
        if process.terminationReason == .exit, process.terminationStatus == 0,
           let line = output.split(separator: "\n").last,
           let grade = try? JSONDecoder().decode(Grade.self, from: Data(line.utf8)) {
            return grade
        }
        // An error the program reported itself (a WORKBOOK_MISTAKE that names no mistake, say), not a trap.
        if process.terminationReason == .exit, process.terminationStatus != 0,
           let complaint = lines.last(where: { !$0.hasPrefix(CaseAnnouncements.prefix) && !$0.contains("Fatal error:") }) {
            return broken(.crashed, "could not be graded: \(complaint)")
        }
        // The Swift runtime's own words for a trap ("Fatal error: Index out of range"), when it gave any.
        let reason = lines.first { $0.contains("Fatal error:") }
            .map { "Fatal error:" + $0.components(separatedBy: "Fatal error:").dropFirst().joined(separator: "Fatal error:") }
            ?? "a trap (an index out of range, a nil unwrapped, an overflow …; optimized code traps without a message)"
        return broken(.crashed, "crashed \(trying): \(reason)")
    }

    /// The program called `name` that SwiftPM built beside this one (beside the test bundle,
    /// for a test).
    public static func program(named name: String) -> URL {
        #if os(macOS)
        for bundle in Bundle.allBundles where bundle.bundlePath.hasSuffix(".xctest") {
            return bundle.bundleURL.deletingLastPathComponent().appendingPathComponent(name)
        }
        #endif
        let this = Bundle.main.executableURL ?? URL(fileURLWithPath: CommandLine.arguments[0])
        return this.deletingLastPathComponent().appendingPathComponent(name)
    }

    /// Ends this process (exit status 1) soon after its parent dies, so that no check — and
    /// no test run that started checks — outlives the run that started it: a thread looks at
    /// the parent's process id four times a second; an orphan is handed to another parent.
    public static func exitWhenOrphaned() {
        _ = orphanWatch
    }

    private static let orphanWatch: Void = {
        let parent = getppid()
        let watch = Thread {
            while getppid() == parent { usleep(250_000) }
            _exit(1)
        }
        watch.start()
    }()
}
