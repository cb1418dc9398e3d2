import FileSupport
import Foundation
import Plot

/// The gallery, `index.html` in the folder that holds the lessons' folders (`output/`):
/// every lesson that has been run, with its main figure, its title, when it ran, and a
/// link to its page. Each lesson rewrites it when it finishes, so it is never stale.
public enum Gallery {
    /// The `generator` of the gallery page: an `index.html` without it is not the
    /// workbook's, and is never overwritten.
    static let generator = "Diffusion Workbook gallery"

    /// One lesson's page found in the gallery's folder.
    struct Entry {
        /// The lesson's folder name, relative to the gallery.
        let folder: String
        let info: PageInfo
        /// The thumbnail relative to the gallery, when the figure is on disk.
        let thumbnail: String?
    }

    /// Whether a lesson writing into `lessonFolder` belongs in a gallery one folder up:
    /// when the folder is named like a lesson (`Lesson01`), as the gallery only lists
    /// those, and the `index.html` there is absent or the gallery's own.
    public static func covers(_ lessonFolder: URL) -> Bool {
        lessonFolder.standardizedFileURL.lastPathComponent.hasPrefix("Lesson")
            && mayWrite(in: lessonFolder.standardizedFileURL.deletingLastPathComponent())
    }

    /// Rewrites the gallery in `folder` from the `Lesson*` folders in it, atomically;
    /// does nothing when the `index.html` there is someone else's.
    public static func refresh(in folder: URL) throws {
        guard mayWrite(in: folder) else { return }
        try AtomicFile.write(html(entries(in: folder), in: folder), to: folder.appendingPathComponent(LessonPage.fileName))
    }

    /// Every `Lesson*` folder in `folder` with a page and its `page.json`, by name.
    static func entries(in folder: URL) -> [Entry] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        return names.filter { $0.hasPrefix("Lesson") }.sorted().compactMap { name in
            let lesson = folder.appendingPathComponent(name, isDirectory: true)
            guard FileManager.default.fileExists(atPath: lesson.appendingPathComponent(LessonPage.fileName).path),
                  let info = PageInfo.read(from: lesson) else { return nil }
            let thumbnail = info.figure.map { name + "/" + $0 }.flatMap { path in
                FileManager.default.fileExists(atPath: folder.appendingPathComponent(path).path) ? path : nil
            }
            return Entry(folder: name, info: info, thumbnail: thumbnail)
        }
    }

    /// The gallery page for `entries` in `folder`.
    static func html(_ entries: [Entry], in folder: URL) -> String {
        let inline = HTMLInline(folder: folder, files: [])
        let cards = entries.map { entry in
            let page = HTML.url(entry.folder + "/" + LessonPage.fileName)
            let image = entry.thumbnail.map { "<img src=\"\(HTML.url($0))\" alt=\"\">" }
                ?? "<span class=\"none\">no figure</span>"
            return """
                <li><a href="\(page)">\(image)<small>\(HTML.escape(entry.info.lesson))</small>\
                <strong>\(inline.html(entry.info.title))</strong><small>\(HTML.escape(entry.info.summary(duration: false)))</small></a></li>
                """
        }
        let list = cards.isEmpty ? "<p>No lesson has been run yet: try <code>swift run Lesson01</code>.</p>"
            : "<ul class=\"gallery\">\n" + cards.joined(separator: "\n") + "\n</ul>"
        let body = """
            <nav class="bar"><div><span>Diffusion Workbook</span><span>\(entries.count == 1 ? "1 lesson" : "\(entries.count) lessons") run</span></div></nav>
            <main>
            <p class="kicker">Gallery</p>
            <h1>The lessons you have run</h1>
            <p class="run">Each lesson rewrites its page, and this list, every time it runs. Click a figure to read the lesson.</p>
            \(list)
            </main>
            """
        return HTML.document(title: "Diffusion Workbook · lessons", generator: generator, body: body)
    }

    /// True when `folder` has no `index.html`, or the one it has is the gallery's own.
    private static func mayWrite(in folder: URL) -> Bool {
        let index = folder.appendingPathComponent(LessonPage.fileName)
        guard FileManager.default.fileExists(atPath: index.path) else { return true }
        guard let handle = try? FileHandle(forReadingFrom: index) else { return false }
        defer { try? handle.close() }
        guard let head = try? handle.read(upToCount: 1024) else { return false }
        return String(decoding: head, as: UTF8.self).contains("<meta name=\"generator\" content=\"\(generator)\">")
    }
}
