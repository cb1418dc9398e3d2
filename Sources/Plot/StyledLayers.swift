/// A panel's layers with every colour decided: layers without one take the next palette
/// colour, in the order lines, scatters, arrows.
struct StyledLayers {
    var lines: [(layer: LineSeries, color: Color)] = []
    var scatters: [(layer: ScatterLayer, color: Color)] = []
    var arrows: [(layer: ArrowLayer, color: Color)] = []

    init(_ panel: Panel) {
        var next = 0
        func pick(_ color: Color?) -> Color {
            if let color { return color }
            defer { next += 1 }
            return Color.automatic(next)
        }
        lines = panel.lines.map { ($0, pick($0.color)) }
        scatters = panel.scatters.map { ($0, pick($0.color)) }
        arrows = panel.arrows.map { ($0, pick($0.color)) }
    }

    /// One entry per labelled layer, in drawing order.
    var legendEntries: [Legend.Entry] {
        lines.compactMap { line in line.layer.label.map { Legend.Entry(label: $0, swatch: .line(line.color, line.layer.style)) } }
            + scatters.compactMap { s in s.layer.label.map { Legend.Entry(label: $0, swatch: .dot(s.color)) } }
            + arrows.compactMap { a in a.layer.label.map { Legend.Entry(label: $0, swatch: .arrow(a.color)) } }
    }
}
