import Plot

/// A sweep as its page shows it: the controls with their values, and per stop the frame's
/// file (relative to the lesson's folder), its position on each control and its CSV rows as
/// the CSV file spells them.
public struct SweepFigure: Sendable {
    public struct Stop: Sendable {
        public let frame: String
        public let positions: [Int]
        public let rows: [[String]]
    }

    /// What the page calls the sweep in its address (`#reverse_animation=12`): the figure's name.
    public let name: String
    public let controls: [String]
    public let choices: [[String]]
    public let columns: [String]
    public let stops: [Stop]
    /// The stop the controls start at.
    public let initial: Int
    /// True when the figure's image is an animation, which plays until a control is moved.
    public let animated: Bool

    init(name: String, sweep: Sweep, frames: [String], initial: Int, animated: Bool) {
        precondition(sweep.stops.indices.contains(initial), "The initial stop \(initial) is not one of the sweep's \(sweep.stops.count).")
        self.name = name
        controls = sweep.controls
        choices = sweep.choices
        columns = sweep.columns
        stops = zip(zip(frames, sweep.positions), sweep.stops).map { pair, stop in
            Stop(frame: pair.0, positions: pair.1, rows: stop.rows.map { $0.map(Self.text) })
        }
        self.initial = initial
        self.animated = animated
    }

    /// A cell as a CSV reader reads it back: the number as written, the text unquoted.
    static func text(_ value: CSVValue) -> String {
        if case .text(let text) = value { return text }
        return value.field
    }
}
