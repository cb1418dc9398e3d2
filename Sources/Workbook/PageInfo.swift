import FileSupport
import Foundation
import Plot

/// What is known about one run of a lesson: its page's header shows it, and it is stored
/// beside the page as `page.json`, which is how the gallery learns about the lesson.
public struct PageInfo: Codable, Equatable, Sendable {
    /// The file beside each lesson's `index.html`.
    public static let fileName = "page.json"

    public var lesson: String
    public var title: String
    /// When the run finished.
    public var date: Date
    /// How long the run took, in seconds.
    public var seconds: Double
    public var seed: UInt64
    public var quick: Bool
    /// The lesson's own options as typed (`--dataset moons`); `--seed`, `--quick` and
    /// `--output` are left out, being shown or implied elsewhere.
    public var arguments: [String]
    /// The first figure, relative to the lesson's folder: the gallery's thumbnail.
    public var figure: String?

    public init(lesson: String, title: String, date: Date, seconds: Double, seed: UInt64, quick: Bool,
                arguments: [String], figure: String?) {
        self.lesson = lesson
        self.title = title
        self.date = date
        self.seconds = seconds
        self.seed = seed
        self.quick = quick
        self.arguments = arguments
        self.figure = figure
    }

    /// Writes `page.json` into `folder`, atomically.
    public func write(to folder: URL) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        encoder.dateEncodingStrategy = .iso8601
        try AtomicFile.write(Array(try encoder.encode(self)), to: folder.appendingPathComponent(Self.fileName))
    }

    /// The `page.json` in `folder`, or nil when there is none or it cannot be read.
    public static func read(from folder: URL) -> PageInfo? {
        guard let data = try? Data(contentsOf: folder.appendingPathComponent(fileName)) else { return nil }
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        return try? decoder.decode(PageInfo.self, from: data)
    }

    /// The run in a line: `run 2025-06-01 14:03 · 2.40 s · seed 2020 · quick run`; the
    /// gallery leaves out the duration.
    public func summary(duration: Bool = true) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.dateFormat = "yyyy-MM-dd HH:mm"
        var parts = ["run \(formatter.string(from: date))"]
        if duration { parts.append(Format.seconds(seconds)) }
        parts.append("seed \(seed)")
        if quick { parts.append("quick run") }
        return parts.joined(separator: " · ")
    }

    /// The arguments a lesson was given, without the program's name and the options every
    /// lesson shares (`--seed N`, `--output F`, in either `--seed N` or `--seed=N` form, and `--quick`).
    public static func lessonArguments(_ commandLine: [String]) -> [String] {
        var kept: [String] = []
        var skipValue = false
        for argument in commandLine.dropFirst() {
            if skipValue {
                skipValue = false
            } else if argument == "--seed" || argument == "--output" {
                skipValue = true
            } else if argument != "--quick" && !argument.hasPrefix("--seed=") && !argument.hasPrefix("--output=") {
                kept.append(argument)
            }
        }
        return kept
    }
}
