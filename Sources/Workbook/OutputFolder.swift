import Foundation

/// Checks a lesson's output folder before any work is done, so that an unwritable or
/// wrong `--output` fails at once with one line instead of after a long computation.
enum OutputFolder {
    struct Unwritable: Error, CustomStringConvertible {
        let path: String
        let reason: String
        var description: String { "cannot write to the output folder \(path): \(reason)" }
    }

    /// Makes each missing folder on the way to `folder`'s parent with mkdir(2), so that a
    /// failure names its reason; returns the ones it made, outermost first.
    static func makeParents(of folder: URL) throws -> [String] {
        var made: [String] = []
        var path = ""
        for component in folder.standardizedFileURL.deletingLastPathComponent().pathComponents {
            path = path.isEmpty || path == "/" ? path + component : path + "/" + component
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) {
                guard isDirectory.boolValue else { throw Unwritable(path: folder.path, reason: "\(path) is a file, not a folder") }
                continue
            }
            guard mkdir(path, 0o755) == 0 || errno == EEXIST else {
                throw Unwritable(path: folder.path, reason: String(cString: strerror(errno)).lowercased())
            }
            made.append(path)
        }
        return made
    }

    /// Whether `folder` may be replaced by a run of `lesson`, as a run replaces its folder
    /// as a whole: when it is missing, empty (but for hidden files), or holds a finished
    /// run of the same lesson (its `page.json` names it). Anything else, such as a folder of
    /// one's own given by mistake (`--output .`), is never deleted: a one-line error.
    static func checkReplaceable(_ folder: URL, lesson: String) throws {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: folder.path, isDirectory: &isDirectory) else { return }
        guard isDirectory.boolValue else { throw Unwritable(path: folder.path, reason: "it is a file, not a folder") }
        let names = try FileManager.default.contentsOfDirectory(atPath: folder.path)
        if names.allSatisfy({ $0.hasPrefix(".") }) || finishedRun(in: folder) == lesson { return }
        throw Unwritable(path: folder.path, reason: "it holds files that are not a finished run of \(lesson) "
                         + "(a run replaces its folder as a whole); name a new or empty folder with --output")
    }

    /// The lesson named by the `page.json` in `folder`: the folder holds that lesson's finished run.
    static func finishedRun(in folder: URL) -> String? {
        struct Named: Decodable { let lesson: String }
        guard let data = try? Data(contentsOf: folder.appendingPathComponent(PageInfo.fileName)) else { return nil }
        return (try? JSONDecoder().decode(Named.self, from: data))?.lesson
    }
}
