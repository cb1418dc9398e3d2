/// Everything that can go wrong while making or saving a figure.
public enum PlotError: Error, CustomStringConvertible, Equatable {
    /// A file could not be written; `reason` is the system's message (strerror).
    case cannotWrite(path: String, reason: String)
    /// A file could not be read; `reason` is the system's message.
    case cannotRead(path: String, reason: String)
    /// Cairo reported an error.
    case cairo(String)
    /// Bytes that should be a PNG are not one (or use a feature we do not handle).
    case invalidPNG(String)
    /// The caller passed data that cannot be drawn or assembled.
    case invalidInput(String)

    /// One readable line, e.g. "cannot write output/Lesson01/x.png: Permission denied".
    public var description: String {
        switch self {
        case let .cannotWrite(path, reason): return "cannot write \(path): \(reason)"
        case let .cannotRead(path, reason): return "cannot read \(path): \(reason)"
        case let .cairo(message): return "cairo error: \(message)"
        case let .invalidPNG(message): return "invalid PNG: \(message)"
        case let .invalidInput(message): return "invalid input: \(message)"
        }
    }
}
