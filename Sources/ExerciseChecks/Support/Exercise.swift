import Foundation

/// One exercise as the tests, `swift run Grade` and a lesson's `--mine` see it: the student's
/// function, the reference answer built from the Diffusion module, the check that grades an
/// implementation, and plausible wrong implementations the meta-tests feed to the check.
public struct Exercise<Implementation> {
    /// The function's name in Sources/Exercises, e.g. "linearBetas".
    public let name: String
    /// The lesson that teaches it, e.g. "Lesson01"; the stub lives in Sources/Exercises/Lesson01.swift.
    public let lesson: String
    public let student: Implementation
    public let reference: Implementation
    public let check: (Implementation) -> CheckResult
    public let mistakes: [Mistake<Implementation>]

    /// What a skipped exercise tells the student.
    public var skipMessage: String {
        "\(name) not attempted yet — read \(lesson) (swift run \(lesson)), then fill in Sources/Exercises/\(lesson).swift"
    }

    /// The exercise without its implementation type, for the meta-tests and the grader.
    public var entry: ExerciseEntry {
        ExerciseEntry(name: name, lesson: lesson,
                      checkStudent: { check(student) },
                      checkReference: { check(reference) },
                      checkMistakes: { mistakes.filter { !$0.traps && !$0.hangs }.map { ($0.expectedHint, check($0.implementation)) } },
                      mistakeHints: mistakes.map(\.expectedHint),
                      trappingMistakes: mistakes.filter(\.traps).map(\.expectedHint),
                      hangingMistakes: mistakes.filter(\.hangs).map(\.expectedHint),
                      checkChosenMistake: { (try? MistakeOverride.implementation(for: self)).flatMap { $0 }.map(check) })
    }
}

/// A plausible wrong implementation, and a phrase the check's failure message must contain.
public struct Mistake<Implementation> {
    public let expectedHint: String
    /// Whether this wrong answer traps (reads past the end of an array, say) instead of
    /// returning: the meta-tests cannot run it in their own process, so `Grade` runs it in
    /// one of its own, where it must be reported as crashed.
    public let traps: Bool
    /// Whether this wrong answer never returns (a loop that never ends): graded "timed out"
    /// in a process of its own, like one that traps.
    public let hangs: Bool
    public let implementation: Implementation

    public init(_ expectedHint: String, traps: Bool = false, hangs: Bool = false, _ implementation: Implementation) {
        self.expectedHint = expectedHint
        self.traps = traps
        self.hangs = hangs
        self.implementation = implementation
    }
}

/// An exercise with its implementation type erased.
public struct ExerciseEntry {
    public let name: String
    public let lesson: String
    public let checkStudent: () -> CheckResult
    public let checkReference: () -> CheckResult
    /// The check on every wrong answer of the catalog that returns (not those that trap or hang).
    public let checkMistakes: () -> [(expectedHint: String, result: CheckResult)]
    /// The hints of all the catalog's wrong answers, of those that trap and of those that hang.
    public let mistakeHints: [String]
    public let trappingMistakes: [String]
    public let hangingMistakes: [String]
    /// The check on the wrong answer `WORKBOOK_MISTAKE` names for this exercise; nil when it
    /// names none of this exercise's.
    public let checkChosenMistake: () -> CheckResult?
}
