import FileSupport
import Foundation
import Plot

/// The gallery, `index.html` in the folder that holds the lessons' folders (`output/`):
/// every lesson of the workbook in order; those that have been run with their main figure,
/// title, when they ran and a link to their page, the others with the command that makes
/// it. Each lesson rewrites it when it finishes, so it is never stale.
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
    /// when the folder is named like a lesson (`Lesson01`) or a playground, as the gallery only
    /// lists those, and the `index.html` there is absent or the gallery's own.
    public static func covers(_ lessonFolder: URL) -> Bool {
        LessonCatalog.isNotebook(lessonFolder.standardizedFileURL.lastPathComponent)
            && mayWrite(in: lessonFolder.standardizedFileURL.deletingLastPathComponent())
    }

    /// Rewrites the gallery in `folder` from the `Lesson*` folders in it, atomically;
    /// does nothing when the `index.html` there is someone else's.
    public static func refresh(in folder: URL) throws {
        guard mayWrite(in: folder) else { return }
        try AtomicFile.write(html(entries(in: folder), catalog: LessonCatalog.lessons(), in: folder), to: folder.appendingPathComponent(LessonPage.fileName))
    }

    /// Every `Lesson*` and `Playground*` folder in `folder` with a page and its `page.json`, by name.
    static func entries(in folder: URL) -> [Entry] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        return names.filter(LessonCatalog.isNotebook).sorted().compactMap { name in
            let lesson = folder.appendingPathComponent(name, isDirectory: true)
            guard FileManager.default.fileExists(atPath: lesson.appendingPathComponent(LessonPage.fileName).path),
                  let info = PageInfo.read(from: lesson) else { return nil }
            let thumbnail = info.figure.map { name + "/" + $0 }.flatMap { path in
                FileManager.default.fileExists(atPath: folder.appendingPathComponent(path).path) ? path : nil
            }
            return Entry(folder: name, info: info, thumbnail: thumbnail)
        }
    }

    /// The gallery page for `entries` (the lessons run) in `folder`, listing every lesson of
    /// `catalog` and every lesson run, by name.
    static func html(_ entries: [Entry], catalog: [LessonCatalog.Lesson], in folder: URL) -> String {
        let inline = HTMLInline(folder: folder, files: [])
        let run = Dictionary(entries.map { ($0.folder, $0) }, uniquingKeysWith: { first, _ in first })
        let titles = Dictionary(catalog.map { ($0.name, $0.title) }, uniquingKeysWith: { first, _ in first })
        let names = Set(titles.keys).union(run.keys).sorted()
        let cards = names.map { name in
            guard let entry = run[name] else {
                return """
                    <li><div class="todo"><span class="none">not run yet</span><small>\(HTML.escape(name))</small>\
                    <strong>\(inline.html(titles[name] ?? name))</strong><small>make its page: <code>\(HTML.escape(command(name, in: folder)))</code></small></div></li>
                    """
            }
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
            <nav class="bar"><div><span>Diffusion Workbook</span><span>\(entries.count) of \(names.count) lessons run</span></div></nav>
            <main>
            <p class="kicker">Gallery</p>
            <h1>The lessons</h1>
            <p class="run">Each lesson rewrites its page, and this list, every time it runs. Click a figure to read the lesson.</p>
            \(list)
            </main>
            """
        return HTML.document(title: "Diffusion Workbook · lessons", generator: generator, body: body)
    }

    /// The command that writes `lesson`'s page into `folder`: `swift run LessonNN`, with
    /// `--output` unless `folder` is the default `output/` of the current folder.
    static func command(_ lesson: String, in folder: URL) -> String {
        let here = URL(fileURLWithPath: FileManager.default.currentDirectoryPath).standardizedFileURL
        if folder.standardizedFileURL == here.appendingPathComponent("output") { return "swift run \(lesson)" }
        return "swift run \(lesson) --output \(folder.appendingPathComponent(lesson).pathFromCurrentFolder)"
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
