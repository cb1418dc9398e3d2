import Foundation

/// `WORKBOOK_REFERENCE=1` points the exercise tests, `swift run Grade` and a lesson's `--mine`
/// at the reference answers, so a teacher sees every exercise pass without filling anything
/// in. `WORKBOOK_NOT_ATTEMPTED=1` makes a lesson's `--mine` take every exercise as not
/// attempted, as on a fresh checkout. The workbook's own tests set one of them whenever they
/// run a lesson with `--mine`, so they never depend on the answers in Sources/Exercises.
public enum ReferenceSwitch {
    public static var isOn: Bool { isSet("WORKBOOK_REFERENCE") }
    public static var notAttempted: Bool { isSet("WORKBOOK_NOT_ATTEMPTED") }

    private static func isSet(_ name: String) -> Bool {
        guard let value = ProcessInfo.processInfo.environment[name]?.lowercased() else { return false }
        return ["1", "true", "yes"].contains(value)
    }
}
