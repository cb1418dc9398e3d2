import ExerciseChecks
import Foundation

/// Grades each exercise in a child process of this program (`Grade --exercise NAME`), so an
/// answer that traps or never returns costs its own grade only: the child's one JSON line
/// is its grade; a child that dies without one crashed, and one still running after
/// `timeLimit` seconds is stopped and timed out.
struct SeparateProcesses {
    /// This program, run again for each exercise.
    let executable: URL
    let timeLimit: Double

    func grade(_ entries: [ExerciseEntry]) -> [Grade] {
        entries.map(grade)
    }

    private func grade(_ entry: ExerciseEntry) -> Grade {
        let process = Process()
        process.executableURL = executable
        process.arguments = ["--exercise", entry.name]
        let output = Pipe(), errors = Pipe()
        (process.standardOutput, process.standardError) = (output, errors)
        let finished = DispatchSemaphore(value: 0)
        process.terminationHandler = { _ in finished.signal() }
        let rerun = "swift test --filter \(entry.lesson) shows the case"
        do { try process.run() } catch {
            return Grade(lesson: entry.lesson, exercise: entry.name, status: .crashed,
                         hint: "could not start \(executable.path) to grade it: \(error)", message: "")
        }
        // The child writes one short line to each pipe, far below a pipe's capacity, so it
        // cannot block on a full pipe while this waits.
        let timedOut = finished.wait(timeout: .now() + timeLimit) == .timedOut
        if timedOut {
            process.terminate()
            finished.wait()
        }
        let line = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        let complaint = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            .split(separator: "\n").last.map(String.init) ?? ""
        if timedOut {
            return Grade(lesson: entry.lesson, exercise: entry.name, status: .timedOut,
                         hint: "still running after \(Int(timeLimit)) s: a loop that never ends? \(rerun)", message: complaint)
        }
        if process.terminationReason == .exit, process.terminationStatus == 0,
           let grade = try? JSONDecoder().decode(Grade.self, from: Data(line.utf8)) {
            return grade
        }
        return Grade(lesson: entry.lesson, exercise: entry.name, status: .crashed,
                     hint: "the answer crashed (an index out of range, a nil unwrapped, …); \(rerun)", message: complaint)
    }
}
