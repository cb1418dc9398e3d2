import Foundation

/// A model that ships with the workbook: a checkpoint file in a lesson's folder, read from
/// disk (not a SwiftPM resource, whose bundle is not found the same way on every platform
/// and build).
public struct ShippedModel: Sendable {
    /// Where it lives, relative to the package root, e.g. "Lessons/Lesson07/model/digits.ckpt".
    public let relativePath: String
    /// The lesson source file it lies beside (in its `model/` folder).
    let sourceFile: String

    /// The model at `relativePath`, which also lies in the `model/` folder beside the
    /// calling source file.
    public init(relativePath: String, sourceFile: String = #filePath) {
        (self.relativePath, self.sourceFile) = (relativePath, sourceFile)
    }

    /// The checkpoint: relative to the current folder (the package root, where `swift run`
    /// is typed), else beside the lesson's source file (for a run from elsewhere, as the
    /// tests do); nil when neither exists.
    public func locate() -> URL? {
        let candidates = [
            URL(fileURLWithPath: relativePath),
            URL(fileURLWithPath: sourceFile).deletingLastPathComponent()
                .appendingPathComponent("model/\(URL(fileURLWithPath: relativePath).lastPathComponent)"),
        ]
        return candidates.first { FileManager.default.fileExists(atPath: $0.path) }
    }
}
