import Foundation

/// Narration as HTML. Text in backticks becomes `<code>` verbatim; a word that names a file
/// (`schedules.csv`, `forward_animation_frames/`, `Sources/Exercises/Lesson01.swift`) becomes
/// code too — a link when the lesson wrote it — and is never read as math; everything
/// else goes through `HTMLMath` for subscripts and superscripts.
struct HTMLInline {
    /// The lesson's folder, which file names in the text are resolved against.
    let folder: URL
    /// The names in `folder`, folders with a trailing `/`.
    let files: Set<String>

    /// Markup that links the names in `files`; none for a page with nothing to link.
    init(folder: URL, files: Set<String>) {
        self.folder = folder
        self.files = files
    }

    /// Lists `folder` once, so every line of the page can link to what is in it; its files
    /// are read from `listing` (a run's fresh folder, before it is moved into `folder`).
    init(folder: URL, listing: URL? = nil) {
        let listing = listing ?? folder
        let names = (try? FileManager.default.contentsOfDirectory(atPath: listing.path)) ?? []
        self.init(folder: folder, files: Set(names.map { name in
            var isDirectory: ObjCBool = false
            let exists = FileManager.default.fileExists(atPath: listing.appendingPathComponent(name).path, isDirectory: &isDirectory)
            return exists && isDirectory.boolValue ? name + "/" : name
        }))
    }

    /// One line of text; a newline becomes a line break, as on the terminal.
    func html(_ text: String) -> String {
        text.split(separator: "\n", omittingEmptySubsequences: false).map(line).joined(separator: "<br>\n")
    }

    private func line(_ text: Substring) -> String {
        let parts = text.split(separator: "`", omittingEmptySubsequences: false)
        // An odd number of backticks leaves the last one unmatched: it stays a backtick.
        let balanced = parts.count % 2 == 1
        return parts.enumerated().map { k, part in
            guard k % 2 == 1 else { return prose(part) }
            return balanced || k < parts.count - 1 ? "<code>" + HTML.escape(part) + "</code>" : "`" + prose(part)
        }.joined()
    }

    /// Text outside code spans: file names word by word, math in the runs between them.
    private func prose(_ text: Substring) -> String {
        var out = ""
        var math = ""
        for (k, word) in text.split(separator: " ", omittingEmptySubsequences: false).enumerated() {
            if k > 0 { math += " " }
            if let mention = FileMention(word) {
                out += HTMLMath.html(math) + mention.html(in: self)
                math = ""
            } else {
                math += word
            }
        }
        return out + HTMLMath.html(math)
    }

    /// `path` relative to the page when it names something in the lesson's folder: a bare
    /// name that is there, or a path (relative to the working directory, or absolute)
    /// that leads into the folder, as the terminal's `output/Lesson02/chain_check.csv` does.
    func linkTarget(_ path: String) -> String? {
        let isFolder = path.hasSuffix("/")
        let trimmed = isFolder ? String(path.dropLast()) : path
        guard !trimmed.isEmpty else { return nil }
        let name = (trimmed as NSString).lastPathComponent + (isFolder ? "/" : "")
        guard files.contains(name) else { return nil }
        if !trimmed.contains("/") { return name }
        let parent = URL(fileURLWithPath: trimmed).deletingLastPathComponent().standardizedFileURL.path
        return parent == folder.standardizedFileURL.path ? name : nil
    }
}
