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
        // Make each missing folder on the way with mkdir(2), so a failure names its reason.
        var path = ""
        for component in folder.standardizedFileURL.pathComponents {
            path = path.isEmpty || path == "/" ? path + component : path + "/" + component
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) {
                guard isDirectory.boolValue else { throw Unwritable(path: folder.path, reason: "\(path) is a file, not a folder") }
                continue
            }
            if mkdir(path, 0o755) != 0 && errno != EEXIST {
                throw Unwritable(path: folder.path, reason: String(cString: strerror(errno)).lowercased())
            }
        }
        let probe = folder.appendingPathComponent(".write-test-\(ProcessInfo.processInfo.processIdentifier)")
        guard FileManager.default.createFile(atPath: probe.path, contents: Data()) else {
            throw Unwritable(path: folder.path, reason: "permission denied")
        }
        try? FileManager.default.removeItem(at: probe)
    }
}
