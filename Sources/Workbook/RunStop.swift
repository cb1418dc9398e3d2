import FileSupport
import Foundation

/// How a run that stops early says so. The process's run, once its notebook is open, is
/// abandoned when the lesson fails (`fail` adds what was left to its line), is interrupted
/// (Ctrl-C, SIGTERM, SIGHUP: one line, exit status 128 + the signal) or exits without
/// finishing its notebook.
extension RunFolder {
    private final class Registry: @unchecked Sendable {
        private let lock = NSLock()
        private var run: RunFolder?

        var active: RunFolder? {
            lock.lock()
            defer { lock.unlock() }
            return run
        }

        func set(_ run: RunFolder) {
            lock.lock()
            defer { lock.unlock() }
            self.run = run
        }
    }

    private static let registry = Registry()

    /// The run of this process, once its notebook is open.
    static var active: RunFolder? { registry.active }

    /// Makes `run` the process's run, and has it abandoned on any way out but `place`.
    static func activate(_ run: RunFolder) {
        registry.set(run)
        _ = stopHandlers
    }

    /// Installed once: at exit, the active run is abandoned. A signal's handler may do almost
    /// nothing (signal-safety(7)): it writes the signal's number into a pipe, and a thread
    /// waiting on the pipe abandons the run and ends the process.
    private static let stopHandlers: Void = {
        atexit { RunFolder.active?.abandon() }
        let pipe = interruptPipe
        Thread.detachNewThread {
            var number: UInt8 = 0
            while read(pipe.read, &number, 1) != 1 {}
            interrupted(by: Int32(number))
        }
        for number in [SIGINT, SIGTERM, SIGHUP] { signal(number, passOnInterrupt) }
    }()

    /// Abandons the active run and ends the process with one line on standard error.
    private static func interrupted(by number: Int32) {
        if let run = active {
            let what = run.abandon() ? run.leftAlone : "the run was already in \(run.folder.pathFromCurrentFolder)"
            // A progress bar may be mid-line on a terminal.
            let start = isatty(STDERR_FILENO) != 0 ? "\n" : ""
            FileHandle.standardError.write(Data("\(start)\(run.lesson): interrupted: \(what)\n".utf8))
        }
        _exit(128 + number)
    }
}

/// The pipe from the signal handler to the thread that abandons the run.
private let interruptPipe: (read: Int32, write: Int32) = {
    var ends: [Int32] = [-1, -1]
    _ = pipe(&ends)
    return (ends[0], ends[1])
}()

/// The signal handler: only write(2), which is async-signal-safe.
private func passOnInterrupt(_ number: Int32) {
    var byte = UInt8(truncatingIfNeeded: number)
    _ = write(interruptPipe.write, &byte, 1)
}
