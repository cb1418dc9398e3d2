import Foundation
import Plot

/// Anything the notebook can save as a PNG.
public protocol PNGRenderable {
    func pngData() throws -> [UInt8]
}

extension Figure: PNGRenderable {}
extension ImageGrid: PNGRenderable {}

/// Prepares a lesson's output folder before any work is done, so that an unwritable
/// `--output` fails at once with one line instead of after a long computation.
enum OutputFolder {
    struct Unwritable: Error, CustomStringConvertible {
        let path: String
        let reason: String
        var description: String { "cannot write to the output folder \(path): \(reason)" }
    }

    static func prepare(_ folder: URL) throws {
        do {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        } catch {
            throw Unwritable(path: folder.path, reason: reasonText(error))
        }
        let probe = folder.appendingPathComponent(".write-test-\(ProcessInfo.processInfo.processIdentifier)")
        guard FileManager.default.createFile(atPath: probe.path, contents: Data()) else {
            throw Unwritable(path: folder.path, reason: "permission denied")
        }
        try? FileManager.default.removeItem(at: probe)
    }

    /// The plain reason inside a Foundation error, without its long wrapper text.
    private static func reasonText(_ error: Error) -> String {
        let nsError = error as NSError
        if let underlying = nsError.userInfo[NSUnderlyingErrorKey] as? NSError,
           let reason = String(validatingCString: strerror(Int32(underlying.code))), underlying.domain == NSPOSIXErrorDomain {
            return reason.lowercased()
        }
        if nsError.code == NSFileWriteNoPermissionError { return "permission denied" }
        if nsError.code == NSFileWriteFileExistsError { return "a file of that name is in the way" }
        return nsError.localizedDescription
    }
}
