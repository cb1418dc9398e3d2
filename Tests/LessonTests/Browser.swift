import Foundation
import XCTest

/// Headless Chromium, as a reader's browser: it opens a page from disk, runs its script, and
/// hands back the document as the reader would then see it (`--dump-dom`).
struct Browser {
    let executable: URL

    /// The names Debian, Ubuntu and Google give the browser, searched on `PATH`.
    static let names = ["chromium", "chromium-browser", "google-chrome"]

    /// The browser the tests use, started once on a blank page; an `XCTSkip` (or, when the
    /// environment sets `CI`, a failure) of one line when there is none or it cannot start.
    static func start() throws -> Browser {
        switch shared {
        case .success(let browser): return browser
        case .failure(let reason):
            let message = "headless Chromium cannot start: \(reason)"
            if ProcessInfo.processInfo.environment["CI"] != nil { throw Unavailable(reason: message) }
            throw XCTSkip(message)
        }
    }

    private static let shared: Result<Browser, Unavailable> = {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        let found = names.lazy.flatMap { name in path.split(separator: ":").map { URL(fileURLWithPath: String($0)).appendingPathComponent(name) } }
            .first { FileManager.default.isExecutableFile(atPath: $0.path) }
        guard let executable = found else {
            return .failure(Unavailable(reason: "none of \(names.joined(separator: ", ")) is on PATH (Debian: apt-get install chromium)"))
        }
        let browser = Browser(executable: executable)
        do {
            let dom = try browser.dom("data:text/html,<p>ready</p>")
            guard dom.contains("<p>ready</p>") else { return .failure(Unavailable(reason: "\(executable.path) showed no page")) }
            return .success(browser)
        } catch {
            return .failure(Unavailable(reason: "\(executable.path): \(error)"))
        }
    }()

    struct Unavailable: Error, CustomStringConvertible {
        let reason: String
        var description: String { reason }
    }

    /// The document at `address` once its scripts have run and it has loaded (with a
    /// virtual-time budget for its timers), with or without JavaScript.
    func dom(_ address: String, javaScript: Bool = true) throws -> String {
        let profile = FileManager.default.temporaryDirectory.appendingPathComponent("workbook-chromium-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: profile) }
        let process = Process()
        process.executableURL = executable
        process.arguments = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run",
                             "--user-data-dir=\(profile.path)", "--virtual-time-budget=5000"]
            + (javaScript ? [] : ["--blink-settings=scriptEnabled=false"]) + ["--dump-dom", address]
        let out = Pipe()
        process.standardOutput = out
        process.standardError = FileHandle.nullDevice
        try process.run()
        let timer = DispatchWorkItem { process.terminate() }
        DispatchQueue.global().asyncAfter(deadline: .now() + 90, execute: timer)
        let data = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        timer.cancel()
        guard process.terminationStatus == 0 else {
            throw Unavailable(reason: "exit status \(process.terminationStatus) on \(address.prefix(80))")
        }
        return String(decoding: data, as: UTF8.self)
    }
}
