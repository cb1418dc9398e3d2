/// A small table for the terminal: a header row and rows of already formatted cells,
/// printed with aligned columns (text left, numbers right).
public struct TextTable: Sendable {
    public let columns: [String]
    public private(set) var rows: [[String]] = []

    public init(columns: [String]) {
        self.columns = columns
    }

    public mutating func append(_ row: [String]) {
        precondition(row.count == columns.count, "A table row needs one cell per column.")
        rows.append(row)
    }

    /// The table as lines of text, indented by two spaces.
    public var lines: [String] {
        let widths = columns.indices.map { c in
            ([columns[c]] + rows.map { $0[c] }).map(\.count).max() ?? 0
        }
        func render(_ cells: [String]) -> String {
            let padded = cells.enumerated().map { c, cell -> String in
                let pad = String(repeating: " ", count: widths[c] - cell.count)
                return looksNumeric(cell) ? pad + cell : cell + pad
            }
            return "  " + padded.joined(separator: "   ")
        }
        let rule = "  " + widths.map { String(repeating: "─", count: $0) }.joined(separator: "   ")
        return [render(columns), rule] + rows.map(render)
    }

    private func looksNumeric(_ cell: String) -> Bool {
        guard let first = cell.unicodeScalars.first else { return false }
        return "0123456789-+.×".unicodeScalars.contains(first)
    }
}
