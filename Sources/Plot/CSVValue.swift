/// One cell of a CSV table.
public enum CSVValue: Sendable, Equatable, ExpressibleByStringLiteral, ExpressibleByIntegerLiteral, ExpressibleByFloatLiteral {
    case text(String)
    case int(Int)
    case number(Double)

    public init(stringLiteral value: String) { self = .text(value) }
    public init(integerLiteral value: Int) { self = .int(value) }
    public init(floatLiteral value: Double) { self = .number(value) }

    /// The cell as it appears in the file: numbers use Swift's shortest round-trip
    /// description ("0.0001", "1e-05", "nan"); text is quoted only when RFC 4180 requires it.
    public var field: String {
        switch self {
        case let .text(string): return CSVValue.quoted(string)
        case let .int(value): return String(value)
        case let .number(value): return String(describing: value)
        }
    }

    /// `string`, wrapped in double quotes (with inner quotes doubled) when it contains a
    /// comma, a double quote, a line break, or leading/trailing spaces.
    static func quoted(_ string: String) -> String {
        let special = string.contains { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" || $0 == "\r\n" }
        let padded = string.first == " " || string.last == " "
        guard special || padded else { return string }
        var result = "\""
        for character in string {
            result += character == "\"" ? "\"\"" : String(character)
        }
        return result + "\""
    }
}
