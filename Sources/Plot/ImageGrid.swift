import CCairo
import FileSupport
import Foundation

/// A grid of grayscale tiles with optional row and column labels, e.g. rows = time steps,
/// columns = samples. Pixels are enlarged `scale`× with no smoothing.
public struct ImageGrid: Sendable {
    public var title: String?
    public var rowLabels: [String]
    public var columnLabels: [String]
    /// `tiles[row][column]` holds `tileWidth × tileHeight` values, row-major.
    public var tiles: [[[Double]]]
    public var tileWidth: Int
    public var tileHeight: Int
    /// Mapped to black…white; values outside are clamped, non-finite values show magenta.
    public var valueRange: ClosedRange<Double> = -1...1
    /// Each pixel is drawn as a `scale × scale` block.
    public var scale: Int = 4

    public init(title: String?, tiles: [[[Double]]], tileWidth: Int, tileHeight: Int,
                rowLabels: [String] = [], columnLabels: [String] = []) {
        self.title = title
        self.tiles = tiles
        self.tileWidth = tileWidth
        self.tileHeight = tileHeight
        self.rowLabels = rowLabels
        self.columnLabels = columnLabels
    }

    /// The grid rendered as an opaque RGB PNG.
    public func pngData() throws -> [UInt8] {
        try render().pngData()
    }

    /// Writes the PNG to `url` atomically.
    public func writePNG(to url: URL) throws {
        try AtomicFile.write(pngData(), to: url)
    }

    /// Draws the grid onto a fresh canvas sized to fit it.
    func render() throws -> Canvas {
        try validate()
        let layout = try ImageGridLayout(self, measurer: Canvas(width: 1, height: 1))
        let canvas = try Canvas(width: layout.width, height: layout.height)
        if let title {
            canvas.draw(title, at: SIMD2(Double(layout.width) / 2, ImageGridLayout.padding), .title,
                        horizontal: .center, vertical: .top)
        }
        for (column, label) in columnLabels.enumerated() {
            canvas.draw(label, at: SIMD2(layout.tileOrigin(row: 0, column: column).x + Double(layout.tilePixels.x) / 2,
                                         layout.gridTop - ImageGridLayout.labelGap), .tick,
                        color: PanelRenderer.textColor, horizontal: .center, vertical: .bottom)
        }
        for (row, label) in rowLabels.enumerated() {
            canvas.draw(label, at: SIMD2(layout.gridLeft - ImageGridLayout.labelGap,
                                         layout.tileOrigin(row: row, column: 0).y + Double(layout.tilePixels.y) / 2), .tick,
                        color: PanelRenderer.textColor, horizontal: .right, vertical: .middle)
        }
        for (row, rowTiles) in tiles.enumerated() {
            for (column, values) in rowTiles.enumerated() {
                try drawTile(values, at: layout.tileOrigin(row: row, column: column), on: canvas)
            }
        }
        try canvas.check()
        return canvas
    }

    /// Throws unless the sizes make sense and every tile has `tileWidth × tileHeight` values.
    private func validate() throws {
        guard tileWidth > 0, tileHeight > 0, scale > 0 else {
            throw PlotError.invalidInput("tile size \(tileWidth)×\(tileHeight) at scale \(scale)")
        }
        for (row, rowTiles) in tiles.enumerated() {
            for (column, values) in rowTiles.enumerated() where values.count != tileWidth * tileHeight {
                throw PlotError.invalidInput("tile [\(row)][\(column)] has \(values.count) values, expected \(tileWidth)×\(tileHeight)")
            }
        }
    }

    /// One tile: a small RGB24 image painted enlarged with nearest-neighbour filtering.
    private func drawTile(_ values: [Double], at origin: SIMD2<Double>, on canvas: Canvas) throws {
        let image = cairo_image_surface_create(CAIRO_FORMAT_RGB24, Int32(tileWidth), Int32(tileHeight))
        defer { cairo_surface_destroy(image) }
        guard cairo_surface_status(image) == CAIRO_STATUS_SUCCESS, let data = cairo_image_surface_get_data(image) else {
            throw PlotError.cairo("cannot create a \(tileWidth)×\(tileHeight) tile")
        }
        cairo_surface_flush(image)
        let stride = Int(cairo_image_surface_get_stride(image))
        for y in 0..<tileHeight {
            let row = UnsafeMutableRawPointer(data + y * stride)
            for x in 0..<tileWidth {
                row.storeBytes(of: pixel(values[y * tileWidth + x]), toByteOffset: x * 4, as: UInt32.self)
            }
        }
        cairo_surface_mark_dirty(image)
        let cr = canvas.cr
        canvas.frame(Rect(x: origin.x - 1, y: origin.y - 1, width: Double(tileWidth * scale) + 1,
                          height: Double(tileHeight * scale) + 1), color: Color.lightGray)
        cairo_save(cr)
        cairo_translate(cr, origin.x, origin.y)
        cairo_scale(cr, Double(scale), Double(scale))
        cairo_set_source_surface(cr, image, 0, 0)
        cairo_pattern_set_filter(cairo_get_source(cr), CAIRO_FILTER_NEAREST)
        cairo_rectangle(cr, 0, 0, Double(tileWidth), Double(tileHeight))
        cairo_fill(cr)
        cairo_restore(cr)
    }

    /// A value as a native-endian 0xFFRRGGBB gray (magenta for NaN or infinity).
    private func pixel(_ value: Double) -> UInt32 {
        guard value.isFinite else { return 0xFFFF_00FF }
        let span = valueRange.upperBound - valueRange.lowerBound
        let t = span > 0 ? min(max((value - valueRange.lowerBound) / span, 0), 1) : 0.5
        let level = UInt32((t * 255).rounded())
        return 0xFF00_0000 | level << 16 | level << 8 | level
    }
}
