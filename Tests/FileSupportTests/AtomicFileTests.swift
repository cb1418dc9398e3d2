import FileSupport
import XCTest

/// Atomic writes: complete files, no leftovers, readable errors.
final class AtomicFileTests: XCTestCase {
    private var folder: URL!

    override func setUpWithError() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("atomic-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(at: folder)
    }

    func testWritesAndReplacesLeavingNoTemporaryFile() throws {
        let url = folder.appendingPathComponent("out.txt")
        try AtomicFile.write("first version, longer", to: url)
        try AtomicFile.write([104, 105], to: url)
        XCTAssertEqual(try String(contentsOf: url, encoding: .utf8), "hi")
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: folder.path), ["out.txt"])
    }

    func testMissingDirectoryThrowsReadableError() {
        let url = folder.appendingPathComponent("missing/out.png")
        XCTAssertThrowsError(try AtomicFile.write("x", to: url)) { error in
            XCTAssertEqual(error as? FileWriteError, FileWriteError(path: url.path, reason: "No such file or directory"))
            XCTAssertEqual("\(error)", "cannot write \(url.path): No such file or directory")
        }
        XCTAssertFalse(FileManager.default.fileExists(atPath: folder.appendingPathComponent("missing").path))
    }

    func testUnwritableDirectoryLeavesNothingBehind() throws {
        let url = URL(fileURLWithPath: "/proc/plot-test.txt")
        #if os(Linux)
        XCTAssertThrowsError(try AtomicFile.write("x", to: url)) { error in
            XCTAssertTrue(error is FileWriteError, "\(error)")
            XCTAssertFalse("\(error)".contains("\n"))
        }
        #else
        throw XCTSkip("/proc exists only on Linux")
        #endif
    }
}
