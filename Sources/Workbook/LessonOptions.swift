import ArgumentParser
import Foundation

/// The options every lesson shares: `--seed`, `--output`, `--quick` (and `--help`).
public struct LessonOptions: ParsableArguments, Sendable {
    @Option(help: "Seed of the random generator; the same seed repeats a run exactly.")
    public var seed: UInt64 = 2020

    @Option(help: ArgumentHelp("Folder for the figures, CSVs and page (default: output/<lesson>).", valueName: "folder"))
    public var output: String?

    @Flag(help: "Small sizes for a fast run (the tests use it).")
    public var quick = false

    public init() {}

    /// The output folder for `lesson`: `--output` when given, else `output/<lesson>`.
    public func outputFolder(lesson: String) -> URL {
        URL(fileURLWithPath: output ?? "output/\(lesson)", isDirectory: true)
    }
}

extension ParsableArguments {
    /// Parses the command line. `--help` prints the help and exits 0; a bad option prints one
    /// line (`Lesson01: error: …`) to standard error and exits non-zero.
    public static func parseOrFail() -> Self {
        do {
            return try parse()
        } catch {
            if exitCode(for: error) == .success {
                print(fullMessage(for: error))
                Foundation.exit(0)
            }
            fail("\(oneLine(message(for: error))) (see --help)", exitCode: exitCode(for: error).rawValue)
        }
    }

    /// ArgumentParser lists choices one per line ("- 'moons'"); fold them into one line.
    private static func oneLine(_ message: String) -> String {
        let lines = message.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }
        guard let first = lines.first else { return message }
        let rest = lines.dropFirst().map { $0.hasPrefix("- ") ? String($0.dropFirst(2)) : $0 }
        return rest.isEmpty ? first : first + " " + rest.joined(separator: ", ")
    }
}
