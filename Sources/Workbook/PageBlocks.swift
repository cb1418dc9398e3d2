import Foundation

/// How each kind of block reads on a lesson's page.
extension LessonPage {
    func html(_ block: Block) -> String {
        switch block {
        case .text(let text): "<p>\(inline.html(text))</p>"
        case .result(let line): "<p class=\"result\">\(inline.html(line))</p>"
        case .table(let table): html(table)
        case .figure(let figure): html(figure)
        }
    }

    /// A real table; a column whose every cell is a number is aligned right.
    func html(_ table: TextTable) -> String {
        let numeric = table.columns.indices.map { c in
            !table.rows.isEmpty && table.rows.allSatisfy { Self.isNumber($0[c]) }
        }
        func row(_ cells: [String], tag: String) -> String {
            let html = cells.enumerated().map { c, cell in
                "<\(tag)\(numeric[c] ? " class=\"num\"" : "")>\(inline.html(cell))</\(tag)>"
            }
            return "<tr>" + html.joined() + "</tr>"
        }
        return "<div class=\"table\"><table>\n<thead>" + row(table.columns, tag: "th") + "</thead>\n<tbody>\n"
            + table.rows.map { row($0, tag: "td") }.joined(separator: "\n") + "\n</tbody></table></div>"
    }

    /// The image inline (an animated PNG plays by itself), linked to itself at full size,
    /// with its caption, the CSV of its numbers and, for animations, the frames.
    func html(_ figure: FigureFile) -> String {
        if let sweep = figure.sweep { return html(figure, sweep: sweep) }
        return """
            <figure>
            <a href="\(HTML.url(figure.image))"><img src="\(HTML.url(figure.image))" alt="\(HTML.escape(figure.caption))"></a>
            <figcaption>\(inline.html(figure.caption)) <span class="files">\(files(figure).joined(separator: " · "))</span></figcaption>
            </figure>
            """
    }

    /// The links under a figure: its CSV and, for animations and sweeps, its frames.
    func files(_ figure: FigureFile) -> [String] {
        var files = ["<a href=\"\(HTML.url(figure.data))\">numbers (CSV)</a>"]
        if let frames = figure.frames { files.append("<a href=\"\(HTML.url(frames + "/"))\">frames</a>") }
        return files
    }

    /// A formatted number: a sign or digit first (`-0.5`, `±0.025`, `4.04e-05`, `1.8×`), or nan/inf.
    static func isNumber(_ cell: String) -> Bool {
        let text = cell.trimmingCharacters(in: .whitespaces)
        guard let first = text.first else { return true }
        return "0123456789+-−±.".contains(first) && text.contains(where: \.isNumber) || ["nan", "inf", "-inf"].contains(text)
    }
}
