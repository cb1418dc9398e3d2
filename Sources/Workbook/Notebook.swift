import FileSupport
import Foundation
import Plot

/// A lesson's notebook: it prints short cells (what we look at, the numbers, where the
/// figure is) and writes the figures and CSVs into the lesson's output folder. A run
/// replaces that folder as a whole: it writes into a fresh folder beside it, moved into
/// place by `finish` (`RunFolder`), so a run that fails or is interrupted leaves the
/// previous run's folder untouched.
///
///     let book = Notebook(lesson: "Lesson01", title: "Noise schedules", options: options.common)
///     book.cell("Four ways to add noise")
///     book.say("A schedule fixes how much noise each step adds …")
///     book.save(figure, data: table, as: "schedules", caption: "β_t and ᾱ_t for every schedule")
///     book.finish()
public final class Notebook {
    public let lesson: String
    public let title: String
    /// The lesson's output folder, where the run's files are once it finishes (`url`).
    public let folder: URL
    public let options: LessonOptions
    /// Where the files are written until then.
    let run: RunFolder
    public private(set) var cells: [Cell] = []
    /// When the notebook was opened; the page says how long the run took.
    let started = Date()
    /// Where the text goes; the terminal by default.
    private let write: (String) -> Void

    /// Opens the notebook: makes the run's fresh folder beside the output folder (failing
    /// with one line if it cannot be written, or if the output folder holds anything but an
    /// earlier run of the lesson) and prints the lesson's title.
    public init(lesson: String, title: String, options: LessonOptions, write: @escaping (String) -> Void = { print($0) }) {
        self.lesson = lesson
        self.title = title
        self.options = options
        let folder = options.outputFolder(lesson: lesson)
        self.folder = folder
        self.write = write
        run = orFail { try RunFolder(lesson: lesson, folder: folder) }
        RunFolder.activate(run)
        write("\(lesson) · \(title)")
        write(String(repeating: "═", count: min(88, lesson.count + title.count + 3)))
        if options.quick { write("(quick run: small sizes, for tests — numbers are rougher than a full run's)") }
    }

    /// Starts a new cell with a heading.
    public func cell(_ heading: String) {
        let number = cells.filter { $0.number > 0 }.count + 1
        cells.append(Cell(number: number, heading: heading))
        write("")
        let label = "[\(number)] \(heading) "
        write(label + String(repeating: "─", count: max(4, 88 - label.count)))
    }

    /// Narration, wrapped to the terminal's reading width.
    public func say(_ text: String) {
        add(.text(text))
        for line in wrap(text, width: 88) { write(line) }
    }

    /// A key result on one line.
    public func result(_ line: String) {
        add(.result(line))
        write("  ▸ " + line)
    }

    /// An aligned table.
    public func show(_ table: TextTable) {
        add(.table(table))
        table.lines.forEach(write)
    }

    /// Writes `name.png` and `name.csv` (the numbers drawn) atomically, and says where they are.
    public func save(_ figure: some PNGRenderable, data: CSVTable, as name: String, caption: String) {
        let png = orFail { try figure.pngData() }
        orFail {
            try data.write(to: written(name + ".csv"))
            try AtomicFile.write(png, to: written(name + ".png"))
        }
        announce(FigureFile(image: name + ".png", data: name + ".csv", caption: caption, frames: nil))
    }

    /// Writes numbered frames into `name_frames/`, the animated PNG `name.png` assembled from
    /// them, and `name.csv`.
    public func saveAnimation(frames: [[UInt8]], data: CSVTable, as name: String, caption: String,
                              delayMilliseconds: Int = 80) {
        orFail {
            _ = try Animation.writeFrames(frames, to: written(name + "_frames", directory: true))
            try Animation.writeAPNG(frames: frames, delayMilliseconds: delayMilliseconds,
                                    lastFrameDelayMilliseconds: 1500, to: written(name + ".png"))
            try data.write(to: written(name + ".csv"))
        }
        announce(FigureFile(image: name + ".png", data: name + ".csv", caption: caption, frames: name + "_frames"))
    }

    /// Writes a CSV that belongs to no figure.
    public func save(data: CSVTable, as name: String, caption: String) {
        orFail { try data.write(to: written(name + ".csv")) }
        add(.result("table: \(relative(name + ".csv")) — \(caption)"))
        write("  ▸ table: \(relative(name + ".csv")) — \(caption)")
    }

    /// Closes the notebook with a pointer to the lesson's exercises, then writes the
    /// lesson's page, moves the run into place and refreshes the gallery (`publishPage`).
    public func finish(exercises: [String] = []) {
        cell("Your turn")
        if exercises.isEmpty {
            say("Exercises for this lesson are on their way.")
        } else {
            say("Fill in the exercises in Sources/Exercises/\(lesson).swift: \(exercises.joined(separator: ", ")). "
                + "Then check them with `swift test --filter \(lesson) --disable-swift-testing` "
                + "(an exercise you have not attempted is skipped).")
        }
        write("")
        publishPage()
    }

    /// The URL of a file in the lesson's folder, where it is once the run finishes: the
    /// name to show. A lesson that writes a file itself writes it to `writeURL(for:)`.
    public func url(_ name: String, directory: Bool = false) -> URL {
        folder.appendingPathComponent(name, isDirectory: directory)
    }

    /// Where this run writes the file `url` names: its place in the run's fresh folder when
    /// `url` lies in the lesson's folder (the folder is replaced as a whole when the lesson
    /// finishes), else `url` itself.
    public func writeURL(for url: URL) -> URL {
        let path = url.standardizedFileURL.path, base = run.folder.path + "/"
        guard path.hasPrefix(base) else { return url }
        return run.fresh.appendingPathComponent(String(path.dropFirst(base.count)), isDirectory: url.hasDirectoryPath)
    }

    /// Where the run writes the file `name` of the lesson's folder.
    func written(_ name: String, directory: Bool = false) -> URL {
        run.fresh.appendingPathComponent(name, isDirectory: directory)
    }

    private func announce(_ file: FigureFile) {
        add(.figure(file))
        write("  ▸ figure: \(relative(file.image))  (numbers: \(file.data))")
        write("    \(file.caption)")
    }

    private func relative(_ name: String) -> String {
        folder.appendingPathComponent(name).pathFromCurrentFolder
    }

    private func add(_ block: Block) {
        if cells.isEmpty { cells.append(Cell(number: 0, heading: title)) }
        cells[cells.count - 1].blocks.append(block)
    }
}

/// Splits text into lines of at most `width` characters at spaces.
func wrap(_ text: String, width: Int) -> [String] {
    var lines: [String] = []
    for paragraph in text.split(separator: "\n", omittingEmptySubsequences: false) {
        var line = ""
        for word in paragraph.split(separator: " ") {
            if !line.isEmpty && line.count + 1 + word.count > width {
                lines.append(line)
                line = ""
            }
            line += (line.isEmpty ? "" : " ") + word
        }
        lines.append(line)
    }
    return lines
}
