import Plot

/// A sweep a lesson computed, for a reader to move through on the page: one frame per
/// setting of one or two controls (t; S and η), each with the CSV rows of that setting.
/// The page shows it as a slider per control; the browser only picks a frame the lesson drew.
///
///     var sweep = Sweep(controls: ["t"], columns: ["frame", "t", "mean_x"])
///     for (k, frame) in run.trajectory.enumerated() {
///         sweep.append(["\(frame.t)"], frame: AnimationFrame.png(panel), rows: [[.int(k), .int(frame.t), .number(m)]])
///     }
///     book.saveAnimation(sweep, as: "reverse_animation", caption: "The reverse process.")
public struct Sweep: Sendable {
    /// One setting: the value of each control, as the slider shows it, its frame and its rows.
    public struct Stop: Sendable {
        public let values: [String]
        public let frame: [UInt8]
        public let rows: [[CSVValue]]
    }

    /// What each control sets, as the page labels it: `t`, `S`, `η`.
    public let controls: [String]
    /// The header of the rows.
    public let columns: [String]
    public private(set) var stops: [Stop] = []

    public init(controls: [String], columns: [String]) {
        precondition((1...2).contains(controls.count), "A sweep has one or two controls, not \(controls.count).")
        self.controls = controls
        self.columns = columns
    }

    /// Adds the setting `values` (one per control), its frame (PNG bytes) and its rows.
    public mutating func append(_ values: [String], frame: [UInt8], rows: [[CSVValue]]) {
        precondition(values.count == controls.count, "A stop of this sweep sets \(controls.count) controls, not \(values.count).")
        precondition(!stops.contains { $0.values == values }, "The sweep already has a stop at \(values).")
        for row in rows {
            precondition(row.count == columns.count, "A sweep row has \(row.count) cells, expected \(columns.count).")
        }
        stops.append(Stop(values: values, frame: frame, rows: rows))
    }

    /// The values each control takes, in the order the stops first set them.
    public var choices: [[String]] {
        controls.indices.map { c in
            var seen: [String] = []
            for stop in stops where !seen.contains(stop.values[c]) { seen.append(stop.values[c]) }
            return seen
        }
    }

    /// Every stop's rows, in order: the CSV of a sweep saved on its own.
    public var data: CSVTable {
        var table = CSVTable(columns: columns)
        for stop in stops { stop.rows.forEach { table.append($0) } }
        return table
    }

    /// Each stop's position on each control (indices into `choices`).
    var positions: [[Int]] {
        let choices = self.choices
        return stops.map { stop in controls.indices.map { c in choices[c].firstIndex(of: stop.values[c])! } }
    }

    /// Checks that every combination of the controls' values has exactly one stop, so each
    /// position of the sliders shows a frame.
    func validate() {
        precondition(!stops.isEmpty, "A sweep needs at least one stop.")
        let combinations = choices.map(\.count).reduce(1, *)
        precondition(stops.count == combinations,
                     "A sweep over \(controls) has \(stops.count) stops but \(combinations) combinations of their values: each needs one.")
    }
}
