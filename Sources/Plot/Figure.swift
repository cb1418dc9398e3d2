import FileSupport
import Foundation

/// Small multiples: a grid of panels with an optional title spanning them all.
public struct Figure: Sendable {
    public var title: String?
    public var panels: [Panel]
    /// Panels per row.
    public var columns: Int
    /// The size of each panel's cell in pixels.
    public var panelWidth: Double = 480
    public var panelHeight: Double = 360

    /// `columns` defaults to `panels.count` (one row).
    public init(title: String? = nil, panels: [Panel], columns: Int? = nil) {
        self.title = title
        self.panels = panels
        self.columns = max(1, columns ?? panels.count)
    }

    /// Rows of panels.
    var rows: Int { max(1, (panels.count + columns - 1) / columns) }

    /// The figure rendered as an opaque RGB PNG.
    public func pngData() throws -> [UInt8] {
        try render().pngData()
    }

    /// Writes the PNG to `url` atomically.
    public func writePNG(to url: URL) throws {
        try AtomicFile.write(pngData(), to: url)
    }

    /// The height of the figure title band (0 without a title).
    func titleBand(_ canvas: Canvas) -> Double {
        guard let title else { return 0 }
        return (canvas.measure(title, .figureTitle).height + 2 * PanelLayout.padding).rounded(.up)
    }

    /// The cell of panel `index`, below the title band.
    func cell(_ index: Int, titleBand: Double) -> Rect {
        Rect(x: Double(index % columns) * panelWidth, y: titleBand + Double(index / columns) * panelHeight,
             width: panelWidth, height: panelHeight)
    }

    /// Layouts of every panel, as they are drawn (for tests that need pixel positions).
    func layouts(on canvas: Canvas) -> [PanelLayout] {
        let band = titleBand(canvas)
        return panels.indices.map { PanelLayout(panel: panels[$0], cell: cell($0, titleBand: band), canvas: canvas) }
    }

    /// Draws everything onto a fresh canvas.
    func render() throws -> Canvas {
        guard panelWidth >= 40, panelHeight >= 40, panelWidth.isFinite, panelHeight.isFinite else {
            throw PlotError.invalidInput("panel size \(panelWidth)×\(panelHeight) is too small")
        }
        let measurer = try Canvas(width: 1, height: 1)
        let band = titleBand(measurer)
        let canvas = try Canvas(width: Int((Double(columns) * panelWidth).rounded(.up)),
                                height: Int((band + Double(rows) * panelHeight).rounded(.up)))
        if let title {
            canvas.draw(title, at: SIMD2(Double(canvas.width) / 2, PanelLayout.padding), .figureTitle,
                        horizontal: .center, vertical: .top)
        }
        for (panel, layout) in zip(panels, layouts(on: canvas)) {
            PanelRenderer(panel: panel, layout: layout, canvas: canvas).draw()
        }
        try canvas.check()
        return canvas
    }
}
