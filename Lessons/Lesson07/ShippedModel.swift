import Foundation

/// The image model that ships with the workbook: a checkpoint file in the lesson's folder,
/// read from disk (not a SwiftPM resource, whose bundle is not found the same way on every
/// platform and build).
enum ShippedModel {
    /// Where it lives, relative to the package root.
    static let relativePath = "Lessons/Lesson07/model/digits.ckpt"

    /// The shipped checkpoint: relative to the current folder (the package root, where
    /// `swift run` is typed), else beside this source file (for a run from elsewhere, as
    /// the tests do); nil when neither exists.
    static func locate(sourceFile: String = #filePath) -> URL? {
        let candidates = [
            URL(fileURLWithPath: relativePath),
            URL(fileURLWithPath: sourceFile).deletingLastPathComponent().appendingPathComponent("model/digits.ckpt"),
        ]
        return candidates.first { FileManager.default.fileExists(atPath: $0.path) }
    }
}
