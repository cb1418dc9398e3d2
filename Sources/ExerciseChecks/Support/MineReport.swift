/// What a lesson's cell says about the answers it used under `--mine`; nil answers (no
/// `--mine`) say nothing, so a lesson's text is unchanged without it.
public enum MineReport {
    /// " (your code)" when any of `answers` is the learner's, for figure titles and cell headings.
    public static func mark(_ answers: (any YourAnswerReport)?...) -> String {
        answers.contains { $0?.isYours == true } ? " (your code)" : ""
    }

    /// One line per answer used (see `YourAnswer.report()`).
    public static func lines(_ answers: (any YourAnswerReport)?...) -> [String] {
        answers.compactMap { $0?.report() }
    }
}

/// `YourAnswer` without its implementation type.
public protocol YourAnswerReport: AnyObject {
    var isYours: Bool { get }
    func report() -> String
}

extension YourAnswer: YourAnswerReport {}
