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
        abstract: "Runs every exercise check on the answers in Sources/Exercises: passed, failed (with the likely mistake) or not attempted.",
        discussion: "Exits 0 whatever the grades; a bad option or an unwritable --output is a one-line error.")
    @Option(help: ArgumentHelp("Where to write the grades as CSV.", valueName: "file"))
    var output = "grade.csv"
    @Flag(help: "Print the grades as JSON on standard output instead of the table.")
    var json = false

    func validate() throws {
        let folder = URL(fileURLWithPath: output).deletingLastPathComponent()
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: folder.path, isDirectory: &isFolder), isFolder.boolValue else {
            throw ValidationError("--output \(output): the folder \(folder.path) does not exist")
        }
    }
}

let options = Options.parseOrFail()
let grades = grade()

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
    print("\n  \(count(.passed)) passed, \(count(.failed)) failed, \(count(.notAttempted)) not attempted of \(grades.count); "
          + "grades written to \(options.output)")
    if count(.failed) > 0 { print("  The whole message of a failure: swift test --filter <lesson>") }
}
