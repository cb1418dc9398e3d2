import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Writes files so that readers never see a half-written one: the bytes go to a temporary
/// file in the same directory, which is then renamed over the destination (rename(2) is
/// atomic within a file system). Creates no directories.
public enum AtomicFile {
    /// Writes `bytes` to `url` atomically; throws `FileWriteError` with the system's reason.
    public static func write(_ bytes: [UInt8], to url: URL) throws {
        let path = url.path
        let directory = url.deletingLastPathComponent().path
        let temporary = directory + "/." + url.lastPathComponent + ".tmp-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        let fd = open(temporary, O_WRONLY | O_CREAT | O_EXCL, 0o644)
        guard fd >= 0 else { throw failure(path) }
        var failed: FileWriteError?
        bytes.withUnsafeBytes { buffer in
            var offset = 0
            while offset < buffer.count {
                let written = systemWrite(fd, buffer.baseAddress! + offset, buffer.count - offset)
                if written < 0 {
                    if errno == EINTR { continue }
                    failed = failure(path)
                    return
                }
                offset += written
            }
        }
        if close(fd) != 0, failed == nil { failed = failure(path) }
        if failed == nil, rename(temporary, path) != 0 { failed = failure(path) }
        if let failed {
            unlink(temporary)
            throw failed
        }
    }

    /// Writes `text` as UTF-8 to `url` atomically.
    public static func write(_ text: String, to url: URL) throws {
        try write(Array(text.utf8), to: url)
    }

    /// The error for the current `errno`.
    private static func failure(_ path: String) -> FileWriteError {
        FileWriteError(path: path, reason: String(cString: strerror(errno)))
    }
}

/// A file that could not be written, e.g. "cannot write output/x.png: Permission denied".
public struct FileWriteError: Error, Equatable, Sendable, CustomStringConvertible {
    public let path: String
    /// The system's message (strerror).
    public let reason: String

    public init(path: String, reason: String) {
        self.path = path
        self.reason = reason
    }

    public var description: String { "cannot write \(path): \(reason)" }
}

/// write(2), outside `AtomicFile` so the name is not shadowed by `AtomicFile.write`.
private func systemWrite(_ fd: Int32, _ pointer: UnsafeRawPointer, _ count: Int) -> Int {
    write(fd, pointer, count)
}
