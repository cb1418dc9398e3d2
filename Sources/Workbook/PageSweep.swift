import Foundation

/// A figure with sliders on the page. Without JavaScript it reads as any figure: the image
/// the lesson saved, and a table of the rows of the stop the controls start at. With it, the
/// controls appear, and moving one shows that stop's frame and rows, all written by the
/// lesson (`PageSweepScript`). The address `#name=k` opens the page at stop k.
extension LessonPage {
    func html(_ figure: FigureFile, sweep: SweepFigure) -> String {
        let name = HTML.escape(sweep.name)
        let start = sweep.stops[sweep.initial]
        let controls = sweep.controls.indices.map { c in
            let id = "\(name)-\(c)"
            let choices = sweep.choices[c]
            let current = choices[start.positions[c]]
            return """
                <label for="\(id)">\(inline.html(sweep.controls[c]))</label>\
                <input id="\(id)" type="range" min="0" max="\(choices.count - 1)" step="1" value="\(start.positions[c])" \
                data-label="\(HTML.escape(sweep.controls[c]))" data-choices="\(HTML.escape(Self.json(choices)))" \
                aria-valuetext="\(HTML.escape(sweep.controls[c] + " = " + current))">\
                <output for="\(id)">\(HTML.escape(current))</output>
                """
        }
        let play = sweep.animated ? "\n<button type=\"button\" class=\"play\">play the animation</button>" : ""
        let hint = sweep.animated ? "The animation plays until you move a slider." : "Each setting shows the frame the lesson drew."
        let head = "<tr>" + sweep.columns.map { "<th>\(inline.html($0))</th>" }.joined() + "</tr>"
        let bodies = sweep.stops.enumerated().map { k, stop in
            let rows = stop.rows.map { row in "<tr>" + row.map(Self.cell).joined() + "</tr>" }
            return "<tbody data-stop=\"\(k)\" data-at=\"\(stop.positions.map(String.init).joined(separator: " "))\" "
                + "data-frame=\"\(HTML.url(stop.frame))\"\(k == sweep.initial ? "" : " hidden")>\n"
                + rows.joined(separator: "\n") + "\n</tbody>"
        }
        let animation = sweep.animated ? " data-animation=\"\(HTML.url(figure.image))\"" : ""
        return """
            <figure class="sweep" id="sweep-\(name)" data-sweep="\(name)"\(animation)>
            <a href="\(HTML.url(figure.image))"><img src="\(HTML.url(figure.image))" alt="\(HTML.escape(figure.caption))"></a>
            <div class="controls" hidden>
            \(controls.joined(separator: "\n"))\(play)
            <small>\(hint) Arrow keys step; Home and End go to the ends.</small>
            </div>
            <div class="table rows"><table>
            <thead>\(head)</thead>
            \(bodies.joined(separator: "\n"))
            </table></div>
            <figcaption>\(inline.html(figure.caption)) <span class="files">\(files(figure).joined(separator: " · "))</span></figcaption>
            </figure>
            """
    }

    /// A cell of a sweep's rows: a decimal number as the terminal shows it (`Format.number`),
    /// with every digit of the CSV in its `title`; anything else as the CSV has it.
    static func cell(_ text: String) -> String {
        let decimal = text.contains(where: { $0 == "." || $0 == "e" }) ? Double(text) : nil
        guard let value = decimal else {
            return "<td\(isNumber(text) ? " class=\"num\"" : "")>\(HTML.escape(text))</td>"
        }
        return "<td class=\"num\" title=\"\(HTML.escape(text))\">\(HTML.escape(Format.number(value)))</td>"
    }

    /// `values` as a JSON array of strings.
    static func json(_ values: [String]) -> String {
        let data = (try? JSONEncoder().encode(values)) ?? Data("[]".utf8)
        return String(decoding: data, as: UTF8.self)
    }
}
