import Foundation

/// `WORKBOOK_MISTAKE="qSample: missing square root"`: one of the catalog's wrong answers put
/// in the student's place, so a teacher can show what a usual mistake draws (`--mine`) or
/// how it is graded (`Grade`, `swift test`), and the tests can do the same without editing
/// Sources/Exercises. Several exercises' mistakes are separated by semicolons:
/// `WORKBOOK_MISTAKE="ddpmStep: alphaBars[t - 2] at t = 1; ddpmSample: t never decreases"`.
public enum MistakeOverride {
    /// The variable's value, or nil when it is not set.
    static var value: String? { ProcessInfo.processInfo.environment["WORKBOOK_MISTAKE"] }
    /// Separates the mistakes of several exercises; no catalog hint contains it.
    public static let separator: Character = ";"

    /// Each "exercise: hint" the variable names.
    static var choices: [String] {
        (value ?? "").split(separator: separator).map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }

    /// "exercise: hint" split in two (the hint nil when there is no colon).
    private static func parts(_ value: String) -> (exercise: String, hint: String?) {
        let parts = value.split(separator: ":", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
        return (parts.first ?? "", parts.count == 2 ? parts[1] : nil)
    }

    /// The wrong answer the variable names for `exercise`; nil when it is unset or names
    /// another exercise.
    /// - Throws: `MineError` when it names this exercise but none of its mistakes.
    public static func implementation<I>(for exercise: Exercise<I>) throws(MineError) -> I? {
        guard let chosen = choices.first(where: { parts($0).exercise == exercise.name }) else { return nil }
        let (name, hint) = parts(chosen)
        guard let mistake = exercise.mistakes.first(where: { $0.expectedHint == hint }) else {
            throw MineError(unknown(chosen, name: name, hints: exercise.mistakes.map(\.expectedHint)))
        }
        return mistake.implementation
    }

    /// Checks the variable against every exercise before anything is graded or written.
    /// - Throws: `MineError` when it names no exercise, or none of that exercise's mistakes.
    public static func validate(_ entries: [ExerciseEntry] = AllExercises.entries) throws(MineError) {
        for chosen in choices { try validate(chosen, entries) }
    }

    private static func validate(_ chosen: String, _ entries: [ExerciseEntry]) throws(MineError) {
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
