import Foundation

/// Stops the lesson with one readable line on standard error and a non-zero exit code:
/// the way every error the learner can cause (options, files, checkpoints) ends. A lesson
/// whose notebook is open abandons its run, and when that leaves a previous run in place
/// the line says so.
public func fail(_ message: String, exitCode: Int32 = 1) -> Never {
    let program = URL(fileURLWithPath: CommandLine.arguments.first ?? "lesson").lastPathComponent
    var line = "\(program): error: \(message)"
    if let run = RunFolder.active, run.abandon(), run.replacesPrevious { line += " (\(run.leftAlone))" }
    FileHandle.standardError.write(Data("\(line)\n".utf8))
    exit(exitCode)
}

/// Runs `body`, turning any error it throws into a one-line failure.
public func orFail<T>(_ body: () throws -> T) -> T {
    do {
        return try body()
    } catch {
        fail(String(describing: error))
    }
}
