/// One notebook cell as the lesson printed it: a heading and its blocks in order. The
/// terminal output and the lesson's HTML page are both made from these.
public struct Cell: Sendable {
    public let number: Int
    public let heading: String
    public internal(set) var blocks: [Block] = []
}

/// What a cell holds.
public enum Block: Sendable {
    /// Narration: what we are about to see, or what it showed.
    case text(String)
    /// A key result on one line, e.g. a measured error against its tolerance.
    case result(String)
    /// An aligned table of formatted numbers.
    case table(TextTable)
    /// A figure (PNG, possibly animated) and the CSV of the numbers it draws, as file names
    /// relative to the lesson's output folder.
    case figure(FigureFile)
}

/// A figure the lesson wrote.
public struct FigureFile: Sendable {
    /// The PNG, relative to the lesson's folder (an animated PNG for animations).
    public let image: String
    /// The CSV of the numbers drawn, relative to the lesson's folder.
    public let data: String
    /// One line on what the figure shows.
    public let caption: String
    /// The folder of numbered frames, for animations.
    public let frames: String?
    /// The sliders over the frames, when the lesson saved a sweep.
    public var sweep: SweepFigure? = nil
}
