import Foundation

/// `WORKBOOK_MISTAKE="qSample: missing square root"`: one of the catalog's wrong answers put
/// in the student's place, so a teacher can show what a usual mistake draws (`--mine`) or
/// how it is graded (`Grade`), and the tests can do the same without editing Sources/Exercises.
public enum MistakeOverride {
    /// The variable's value, or nil when it is not set.
    static var chosen: String? { ProcessInfo.processInfo.environment["WORKBOOK_MISTAKE"] }

    /// "exercise: hint" split in two (the hint nil when there is no colon).
    private static func parts(_ value: String) -> (exercise: String, hint: String?) {
        let parts = value.split(separator: ":", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
        return (parts.first ?? "", parts.count == 2 ? parts[1] : nil)
    }

    /// The wrong answer the variable names for `exercise`; nil when it is unset or names
    /// another exercise.
    /// - Throws: `MineError` when it names this exercise but none of its mistakes.
    public static func implementation<I>(for exercise: Exercise<I>) throws(MineError) -> I? {
        guard let chosen, case let (name, hint) = parts(chosen), name == exercise.name else { return nil }
        guard let mistake = exercise.mistakes.first(where: { $0.expectedHint == hint }) else {
            throw MineError(unknown(chosen, name: name, hints: exercise.mistakes.map(\.expectedHint)))
        }
        return mistake.implementation
    }

    /// Checks the variable against every exercise before anything is graded or written.
    /// - Throws: `MineError` when it names no exercise, or none of that exercise's mistakes.
    public static func validate(_ entries: [ExerciseEntry] = AllExercises.entries) throws(MineError) {
        guard let chosen else { return }
        let (name, hint) = parts(chosen)
        guard let entry = entries.first(where: { $0.name == name }) else {
            throw MineError("WORKBOOK_MISTAKE=\(chosen): no exercise is called \(name) (swift run Grade lists them)")
        }
        guard let hint, entry.mistakeHints.contains(hint) else {
            throw MineError(unknown(chosen, name: name, hints: entry.mistakeHints))
        }
    }

    private static func unknown(_ chosen: String, name: String, hints: [String]) -> String {
        "WORKBOOK_MISTAKE=\(chosen): \(name)'s mistakes are " + hints.map { "“\($0)”" }.joined(separator: ", ")
    }
}
