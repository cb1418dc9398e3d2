/// Where everything in one panel goes: the plot rectangle inside the panel's cell, sized
/// from measured text so that no title, label or tick label is clipped, and the two axes
/// mapped onto it.
struct PanelLayout {
    let cell: Rect
    private(set) var plot: Rect
    private(set) var x: Axis
    private(set) var y: Axis

    static let padding = 8.0
    static let tickLength = 5.0
    static let tickGap = 3.0

    init(panel: Panel, cell: Rect, canvas: Canvas) {
        let data = panel.dataValues
        self.cell = cell
        // Curves over e.g. steps 0…1000 read best with x running exactly 0…1000: no padding.
        let onlyLines = !panel.lines.isEmpty && panel.scatters.isEmpty && panel.arrows.isEmpty
        x = Axis(scale: panel.xScale, values: data.xs, explicit: panel.xRange, padded: !onlyLines)
        y = Axis(scale: panel.yScale, values: data.ys, explicit: panel.yRange)
        plot = cell
        let (baseX, baseY) = (x, y)
        // Equal aspect widens one range, which changes its tick labels and so the margins: settle twice.
        for _ in 0..<(panel.equalAspect ? 2 : 1) {
            plot = PanelLayout.plotRect(panel: panel, cell: cell, x: x, y: y, canvas: canvas)
            place()
            if panel.equalAspect && panel.xScale == .linear && panel.yScale == .linear {
                (x, y) = (baseX, baseY)
                place()
                let units = max(x.unitsPerPixel, y.unitsPerPixel)
                x.widen(toSpan: units * plot.width)
                y.widen(toSpan: units * plot.height)
                place()
            }
        }
        plot = PanelLayout.plotRect(panel: panel, cell: cell, x: x, y: y, canvas: canvas)
        place()
    }

    /// The pixel position of a data point, or nil if either coordinate cannot be shown.
    func pixel(_ point: SIMD2<Double>) -> SIMD2<Double>? {
        guard let px = x.pixel(point.x), let py = y.pixel(point.y) else { return nil }
        return SIMD2(px, py)
    }

    /// Maps the axes onto the current plot rectangle.
    private mutating func place() {
        (x.start, x.end) = (plot.minX, plot.maxX)
        (y.start, y.end) = (plot.maxY, plot.minY)
    }

    /// The cell minus margins measured from the title, axis labels and tick labels.
    private static func plotRect(panel: Panel, cell: Rect, x: Axis, y: Axis, canvas: Canvas) -> Rect {
        let pad = padding
        let titleBlock = panel.title.map { canvas.measure($0, .title).height + pad } ?? 0
        guard panel.showAxes else {
            return cell.inset(left: pad, top: pad + titleBlock, right: pad, bottom: pad)
        }
        let tickHeight = canvas.measure("0", .tick).height
        let labelHeight = canvas.measure("Xg", .axisLabel).height
        let xTickWidths = (x.labels.first.map { canvas.measure($0, .tick).width } ?? 0,
                           x.labels.last.map { canvas.measure($0, .tick).width } ?? 0)
        let yLabelBlock = panel.yLabel == nil ? 0 : labelHeight + pad
        let xLabelBlock = panel.xLabel == nil ? 0 : labelHeight + pad / 2
        let left = max(pad + yLabelBlock + canvas.maxWidth(y.labels, .tick) + tickGap + tickLength,
                       pad + xTickWidths.0 / 2)
        let top = pad + max(titleBlock, tickHeight / 2)
        let right = pad + xTickWidths.1 / 2
        let bottom = pad + xLabelBlock + tickHeight + tickGap + tickLength
        return cell.inset(left: left.rounded(.up), top: top.rounded(.up), right: right.rounded(.up), bottom: bottom.rounded(.up))
    }
}
