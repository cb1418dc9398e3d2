/// A word of narration that names a file or folder: `chain_check.csv`, `(frames in
/// forward_animation_frames/).` or `Sources/Exercises/Lesson01.swift:` — the name with
/// the punctuation around it. Math such as `t/T` or `ᾱ_{t−1}/(1` is not a file name: a
/// name is ASCII path characters ending in `/` or in a known extension.
struct FileMention {
    static let extensions: Set<String> = ["png", "csv", "swift", "json", "html", "md", "txt", "bin"]

    let leading: Substring
    let path: Substring
    let trailing: Substring

    init?(_ word: Substring) {
        let start = word.firstIndex { !"([\"'".contains($0) } ?? word.endIndex
        var end = word.endIndex
        while end > start, ".,:;)]!?\"'".contains(word[word.index(before: end)]) {
            end = word.index(before: end)
        }
        // A folder keeps its slash; a trailing dot ends the sentence, not the name.
        let path = word[start..<end]
        guard path.count > 1, path.allSatisfy(Self.isPathCharacter), path.contains(where: \.isLetter) else { return nil }
        let isFolder = path.hasSuffix("/")
        let last = path.split(separator: "/").last ?? ""
        let extensionName = last.contains(".") ? String(last.split(separator: ".").last ?? "") : ""
        guard isFolder || Self.extensions.contains(extensionName.lowercased()) else { return nil }
        leading = word[..<start]
        self.path = path
        trailing = word[end...]
    }

    /// The mention as code, linked when `inline` finds it in the lesson's folder (shown by
    /// its name there: the terminal's path is the working directory's business).
    func html(in inline: HTMLInline) -> String {
        let code: String
        if let target = inline.linkTarget(String(path)) {
            code = "<a class=\"file\" href=\"\(HTML.url(target))\"><code>\(HTML.escape(target))</code></a>"
        } else {
            code = "<code>\(HTML.escape(path))</code>"
        }
        return HTML.escape(leading) + code + HTML.escape(trailing)
    }

    private static func isPathCharacter(_ c: Character) -> Bool {
        c.isASCII && (c.isLetter || c.isNumber || "_-+./~".contains(c))
    }
}
