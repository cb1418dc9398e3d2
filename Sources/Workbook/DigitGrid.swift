import Plot

/// The numbers behind an image grid: one CSV row per tile, with its place in the grid, the
/// grid's labels for it, then its pixels (row-major, −1 black to 1 white).
public func tileTable(_ tiles: [[[Double]]], rowLabels: [String], columnLabels: [String]) -> CSVTable {
    let pixels = tiles.first?.first?.count ?? 0
    var table = CSVTable(columns: ["grid_row", "grid_column", "row_label", "column_label"] + (0..<pixels).map { "pixel_\($0)" })
    for (row, rowTiles) in tiles.enumerated() {
        for (column, tile) in rowTiles.enumerated() {
            let labels: [CSVValue] = [.int(row), .int(column), .text(row < rowLabels.count ? rowLabels[row] : ""),
                                      .text(column < columnLabels.count ? columnLabels[column] : "")]
            table.append(labels + tile.map { .number($0) })
        }
    }
    return table
}

/// An image grid of small square tiles (16×16 digits) drawn large enough to read.
public func digitGrid(_ title: String?, _ tiles: [[[Double]]], side: Int, rowLabels: [String] = [], columnLabels: [String] = []) -> ImageGrid {
    var grid = ImageGrid(title: title, tiles: tiles, tileWidth: side, tileHeight: side, rowLabels: rowLabels, columnLabels: columnLabels)
    grid.scale = 4
    return grid
}
