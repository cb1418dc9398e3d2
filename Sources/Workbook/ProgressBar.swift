import Foundation

/// A one-line progress bar, redrawn in place on a terminal; on a pipe or file (tests, CI)
/// it prints a plain line every tenth of the way instead.
public final class ProgressBar {
    private let total: Int
    private let label: String
    private let isTerminal = isatty(STDOUT_FILENO) != 0
    private let start = Date()
    private var lastDraw = Date.distantPast
    private var lastTenth = -1

    public init(total: Int, label: String) {
        precondition(total > 0, "A progress bar needs a positive total.")
        self.total = total
        self.label = label
    }

    /// Reports that `done` of `total` units are finished, with an optional status text.
    public func update(_ done: Int, status: String = "") {
        let fraction = Double(done) / Double(total)
        let elapsed = Date().timeIntervalSince(start)
        if isTerminal {
            guard done == total || Date().timeIntervalSince(lastDraw) > 0.1 else { return }
            lastDraw = Date()
            let width = 30, filled = Int(fraction * Double(width))
            let bar = String(repeating: "█", count: filled) + String(repeating: "·", count: width - filled)
            let line = "  \(label) \(bar) \(String(format: "%3d%%", Int(fraction * 100)))  \(status)  \(String(format: "%.1f s", elapsed))"
            // Unbuffered, so the bar moves; everything printed before ended with a newline.
            FileHandle.standardOutput.write(Data(("\r" + line + "\u{1B}[K" + (done == total ? "\n" : "")).utf8))
        } else {
            let tenth = Int(fraction * 10)
            guard tenth > lastTenth else { return }
            lastTenth = tenth
            print("  \(label) \(String(format: "%3d%%", tenth * 10))  \(status)  \(String(format: "%.1f s", elapsed))")
        }
    }
}
