/// Pixel positions for an `ImageGrid`: title band, column labels above, row labels to the left,
/// tiles spaced so that no label overlaps its neighbour.
struct ImageGridLayout {
    static let padding = 10.0
    static let gap = 6.0
    static let labelGap = 5.0

    let width: Int
    let height: Int
    /// A tile's size in pixels once enlarged.
    let tilePixels: SIMD2<Int>
    let gridLeft: Double
    let gridTop: Double
    /// Distance between the origins of neighbouring tiles.
    let pitch: SIMD2<Double>

    init(_ grid: ImageGrid, measurer canvas: Canvas) {
        let pad = ImageGridLayout.padding
        let rows = max(grid.tiles.count, grid.rowLabels.count, 1)
        let columns = max(grid.tiles.map(\.count).max() ?? 0, grid.columnLabels.count, 1)
        tilePixels = SIMD2(grid.tileWidth * grid.scale, grid.tileHeight * grid.scale)
        let tickHeight = canvas.measure("0", .tick).height
        let columnLabelWidth = canvas.maxWidth(grid.columnLabels, .tick)
        pitch = SIMD2(max(Double(tilePixels.x) + ImageGridLayout.gap, (columnLabelWidth + ImageGridLayout.gap).rounded(.up)),
                      max(Double(tilePixels.y) + ImageGridLayout.gap, (tickHeight + 2).rounded(.up)))
        let rowLabelBlock = grid.rowLabels.isEmpty ? 0 : (canvas.maxWidth(grid.rowLabels, .tick) + ImageGridLayout.labelGap).rounded(.up)
        let titleBlock = grid.title.map { (canvas.measure($0, .title).height + pad).rounded(.up) } ?? 0
        let columnLabelBlock = grid.columnLabels.isEmpty ? 0 : (tickHeight + ImageGridLayout.labelGap).rounded(.up)
        let gridWidth = pitch.x * Double(columns - 1) + Double(tilePixels.x)
        let gridHeight = pitch.y * Double(rows - 1) + Double(tilePixels.y)
        let titleWidth = grid.title.map { canvas.measure($0, .title).width.rounded(.up) } ?? 0
        // A column label wider than its tile overhangs it by half the difference on the right.
        let labelOverhang = max(0, (columnLabelWidth - Double(tilePixels.x)) / 2)
        let contentWidth = max(rowLabelBlock + gridWidth + labelOverhang, titleWidth)
        width = Int(2 * pad + contentWidth)
        height = Int(pad + titleBlock + columnLabelBlock + gridHeight + pad)
        gridLeft = pad + rowLabelBlock + max(0, (contentWidth - rowLabelBlock - gridWidth) / 2).rounded(.down)
        gridTop = pad + titleBlock + columnLabelBlock
    }

    /// The top-left pixel of a tile.
    func tileOrigin(row: Int, column: Int) -> SIMD2<Double> {
        SIMD2(gridLeft + pitch.x * Double(column), gridTop + pitch.y * Double(row))
    }
}
