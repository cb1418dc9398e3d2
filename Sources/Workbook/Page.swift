import Foundation

/// A lesson's notebook as one HTML page, `index.html` in the lesson's folder: the title,
/// the run (date, seed, options), then the cells in the order the terminal showed them,
/// made from the same recorded cells — headings, narration, results, tables and figures.
public struct LessonPage {
    /// The page's file name in the lesson's folder.
    public static let fileName = "index.html"
    /// The `generator` of every lesson page.
    static let generator = "Diffusion Workbook lesson page"

    public let info: PageInfo
    public let cells: [Cell]
    /// The gallery, relative to the page (`../index.html`), or nil when there is none.
    public let gallery: String?
    /// Renders narration, with file names resolved against the lesson's folder.
    let inline: HTMLInline

    /// A page for `cells`; file names the text mentions are linked when they are in `folder`
    /// (whose files are listed in `listing`, when they are not there yet).
    public init(info: PageInfo, cells: [Cell], folder: URL, listing: URL? = nil, gallery: String?) {
        self.info = info
        self.cells = cells
        self.gallery = gallery
        self.inline = HTMLInline(folder: folder, listing: listing ?? folder)
    }

    /// The complete document.
    public var html: String {
        HTML.document(title: "\(info.lesson) · \(info.title)", generator: Self.generator,
                      body: ([bar, "<main>", header, contents] + cells.map(section) + ["</main>", footer]).joined(separator: "\n"))
    }

    private var bar: String {
        let back = gallery.map { "<a href=\"\(HTML.url($0))\">← All lessons</a>" } ?? "<span></span>"
        return "<nav class=\"bar\"><div>\(back)<span>Diffusion Workbook</span></div></nav>"
    }

    private var header: String {
        var run = HTML.escape(info.summary())
        if !info.arguments.isEmpty {
            run += " · options <code>\(HTML.escape(info.arguments.joined(separator: " ")))</code>"
        }
        if info.quick { run += "<br>A quick run: small sizes, for tests — numbers are rougher than a full run's." }
        return """
            <p class="kicker">\(HTML.escape(info.lesson))</p>
            <h1>\(inline.html(info.title))</h1>
            <p class="run">\(run)</p>
            """
    }

    /// A list of the cells, for lessons long enough to need one.
    private var contents: String {
        let headed = cells.filter { $0.number > 0 }
        guard headed.count > 2 else { return "" }
        let items = headed.map { "<li><a href=\"#cell-\($0.number)\">\(inline.html($0.heading))</a></li>" }
        return "<nav class=\"contents\"><ol>\n" + items.joined(separator: "\n") + "\n</ol></nav>"
    }

    /// One cell; cell 0 holds what the lesson said before its first heading and has none.
    private func section(_ cell: Cell) -> String {
        let heading = cell.number > 0
            ? "<h2><span class=\"n\">\(cell.number)</span> \(inline.html(cell.heading))</h2>\n" : ""
        return "<section id=\"cell-\(cell.number)\">\n" + heading
            + cell.blocks.map(html).joined(separator: "\n") + "\n</section>"
    }

    private var footer: String {
        "<footer><p>Written by <code>swift run \(HTML.escape(info.lesson))</code> from the cells it printed. "
            + "Beside every figure is a CSV of the numbers it draws.</p></footer>"
    }
}
