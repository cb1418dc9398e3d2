import FileSupport
import Foundation

/// A table written as CSV beside each figure, so learners can inspect the plotted numbers.
public struct CSVTable: Sendable {
    /// Column names, written as the header line.
    public let columns: [String]
    /// The data rows; each has exactly `columns.count` cells.
    public private(set) var rows: [[CSVValue]] = []

    /// An empty table with the given header.
    public init(columns: [String]) {
        self.columns = columns
    }

    /// Appends a row; it must have one cell per column.
    public mutating func append(_ row: [CSVValue]) {
        precondition(row.count == columns.count, "CSV row has \(row.count) cells, expected \(columns.count)")
        rows.append(row)
    }

    /// The whole file: header, then one line per row, each ended by "\n".
    public var text: String {
        var lines = [columns.map(CSVValue.quoted).joined(separator: ",")]
        lines.reserveCapacity(rows.count + 1)
        for row in rows {
            lines.append(row.map(\.field).joined(separator: ","))
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// Writes `text` to `url` atomically.
    public func write(to url: URL) throws {
        try AtomicFile.write(text, to: url)
    }
}
