import Foundation

/// Lesson 09's class-conditional image model, shipped with the workbook: a checkpoint file
/// in the lesson's folder, read from disk (not a SwiftPM resource).
enum ShippedModel {
    /// Where it lives, relative to the package root.
    static let relativePath = "Lessons/Lesson09/model/digits.ckpt"

    /// The shipped checkpoint: relative to the current folder (the package root), else
    /// beside this source file (for a run from elsewhere, as the tests do); nil when neither exists.
    static func locate(sourceFile: String = #filePath) -> URL? {
        let candidates = [
            URL(fileURLWithPath: relativePath),
            URL(fileURLWithPath: sourceFile).deletingLastPathComponent().appendingPathComponent("model/digits.ckpt"),
        ]
        return candidates.first { FileManager.default.fileExists(atPath: $0.path) }
    }
}
