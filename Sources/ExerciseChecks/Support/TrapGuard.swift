#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The line a crash prints while a learner's answer runs under `--mine`, in C memory a
/// signal handler may read; nil when no answer runs.
nonisolated(unsafe) private var crashLine: UnsafeMutablePointer<CChar>?

/// Runs `body` (a call to a learner's answer) so that a trap in it (an index out of range, a
/// force-unwrapped nil, an overflow) ends the lesson with `line` on standard error and exit
/// status 1, not a backtrace. Swift traps raise SIGILL on x86-64 and SIGTRAP on arm64; the
/// handler only writes and exits, as a signal handler must (write(2) and _exit(2) are
/// async-signal-safe, POSIX.1-2017 §2.4.3).
func guardingTraps<T>(_ line: String, _ body: () throws -> T) rethrows -> T {
    let previous = crashLine
    crashLine = strdup(line + "\n")
    let handler: @convention(c) (Int32) -> Void = { _ in
        if let message = crashLine { _ = write(2, message, strlen(message)) }
        _exit(1)
    }
    let oldIll = signal(SIGILL, handler), oldTrap = signal(SIGTRAP, handler)
    defer {
        signal(SIGILL, oldIll)
        signal(SIGTRAP, oldTrap)
        free(crashLine)
        crashLine = previous
    }
    return try body()
}
