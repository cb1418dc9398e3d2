import Foundation

extension URL {
    /// The file's path relative to the current folder when it lies inside it
    /// ("output/Lesson04/model.ckpt"), else its absolute path: what a learner can paste back
    /// into a command.
    public var pathFromCurrentFolder: String {
        let absolute = standardizedFileURL.path
        let current = FileManager.default.currentDirectoryPath
        let here = current.hasSuffix("/") ? current : current + "/"
        return absolute.hasPrefix(here) ? String(absolute.dropFirst(here.count)) : absolute
    }
}
