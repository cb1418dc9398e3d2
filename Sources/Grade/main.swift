// A teacher's report: every exercise check run on the answers in Sources/Exercises, outside
// XCTest. One table on the terminal, the same rows in grade.csv, and `--json` for a script.
// The exit status is 0 whatever the grades, so a class's checkouts can be graded in a loop.
import ArgumentParser
import ExerciseChecks
import Foundation
import Plot
import Workbook

struct Options: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "Grade",
        abstract: "Runs every exercise check on the answers in Sources/Exercises: passed, failed (with the likely mistake), not attempted, crashed or timed out.",
        discussion: "Each exercise is graded in a process of its own, so an answer that crashes or never returns costs only its own grade. Exits 0 whatever the grades; a bad option, an unwritable --output or a WORKBOOK_MISTAKE that names no catalog mistake is a one-line error.")
    @Option(help: ArgumentHelp("Where to write the grades as CSV.", valueName: "file"))
    var output = "grade.csv"
    @Flag(help: "Print the grades as JSON on standard output instead of the table.")
    var json = false
    @Option(help: ArgumentHelp("Seconds one exercise's check may run before it counts as timed out.", valueName: "seconds"))
    var timeLimit = CheckProcess.defaultTimeLimit
    /// Grade this one exercise and print its grade as one JSON line: how each exercise is
    /// graded in a process of its own.
    @Option(help: .hidden)
    var exercise: String?

    func validate() throws {
        guard timeLimit > 0, timeLimit.isFinite else { throw ValidationError("--time-limit \(timeLimit): give a positive number of seconds") }
        if let exercise, !AllExercises.entries.contains(where: { $0.name == exercise }) {
            throw ValidationError("--exercise \(exercise): no exercise has that name")
        }
        let folder = URL(fileURLWithPath: output).deletingLastPathComponent()
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: folder.path, isDirectory: &isFolder), isFolder.boolValue else {
            throw ValidationError("--output \(output): the folder \(folder.path) does not exist")
        }
    }
}

let options = Options.parseOrFail()
orFail { try MistakeOverride.validate() }
if let name = options.exercise, let entry = AllExercises.entries.first(where: { $0.name == name }) {
    // A child of `CheckProcess`: each case announced on the standard error, the grade as one JSON line.
    CheckProcess.exitWhenOrphaned()
    CaseAnnouncements.areOn = true
    let result = grade([entry])[0]
    CaseAnnouncements.areOn = false
    print(String(decoding: orFail { try JSONEncoder().encode(result) }, as: UTF8.self))
    exit(0)
}
// Each exercise in a process of its own: an answer that traps or hangs costs only its grade.
let checks = CheckProcess(executable: CheckProcess.program(named: "Grade"), timeLimit: options.timeLimit)
let grades = AllExercises.entries.map(checks.grade)

var csv = CSVTable(columns: ["lesson", "exercise", "status", "hint"])
var table = TextTable(columns: ["lesson", "exercise", "grade", "hint"])
for g in grades {
    csv.append([.text(g.lesson), .text(g.exercise), .text(g.status.rawValue), .text(g.hint)])
    table.append([g.lesson, g.exercise, g.status.rawValue, g.hint])
}
orFail { try csv.write(to: URL(fileURLWithPath: options.output)) }

if options.json {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
    print(String(decoding: orFail { try encoder.encode(grades) }, as: UTF8.self))
} else {
    let count = { (status: Grade.Status) in grades.filter { $0.status == status }.count }
    // The hint column is last and often empty: no padding after it.
    print(table.lines.map { $0.replacingOccurrences(of: "\\s+$", with: "", options: .regularExpression) }.joined(separator: "\n"))
    let broken = count(.crashed) + count(.timedOut)
    print("\n  \(count(.passed)) passed, \(count(.failed)) failed, \(count(.notAttempted)) not attempted"
          + (broken > 0 ? ", \(count(.crashed)) crashed, \(count(.timedOut)) timed out" : "")
          + " of \(grades.count); grades written to \(options.output)")
    if count(.failed) > 0 { print("  The whole message of a failure: swift test --filter <lesson> --disable-swift-testing") }
}
