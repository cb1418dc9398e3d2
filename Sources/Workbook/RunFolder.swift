import FileSupport
import Foundation

/// A run of a lesson writes into a fresh folder beside the lesson's folder, in the same
/// parent and so on the same file system (`output/.Lesson04.run-4242` beside
/// `output/Lesson04`), and `place` moves it into place when the lesson finishes: the
/// previous run is renamed away, the fresh folder renamed in, then the previous run
/// removed. Until then the lesson's folder holds the previous run, whole: a run that fails
/// or is interrupted removes its fresh folder (`abandon`) and leaves it untouched. What a
/// run killed outright leaves beside the folder, the next run removes (`cleanUp`).
final class RunFolder: @unchecked Sendable {
    let lesson: String
    /// The lesson's folder, where the run ends up.
    let folder: URL
    /// The fresh folder the run writes into.
    let fresh: URL
    /// Where the previous run waits while the fresh one is moved in.
    private let previous: URL
    /// Whether the lesson's folder held a finished run when this one started.
    let replacesPrevious: Bool
    /// The folders on the way that this run made, outermost first: removed again, when
    /// empty, if the run is abandoned.
    private let madeParents: [String]
    private let lock = NSLock()
    private var state = State.writing

    private enum State { case writing, placed, abandoned }

    /// Makes the fresh folder for a run of `lesson` into `folder`, after the checks of
    /// `OutputFolder` and removing what killed runs left; a one-line error when it cannot.
    init(lesson: String, folder: URL) throws {
        let folder = folder.standardizedFileURL
        self.lesson = lesson
        self.folder = folder
        let parent = folder.deletingLastPathComponent()
        fresh = parent.appendingPathComponent(Self.name(of: folder, "run", getpid()), isDirectory: true)
        previous = parent.appendingPathComponent(Self.name(of: folder, "old", getpid()), isDirectory: true)
        madeParents = try OutputFolder.makeParents(of: folder)
        do {
            Self.cleanUp(beside: folder)
            try OutputFolder.checkReplaceable(folder, lesson: lesson)
            replacesPrevious = OutputFolder.finishedRun(in: folder) != nil
            guard mkdir(fresh.path, 0o755) == 0 else { throw Self.failure(folder) }
        } catch {
            for path in madeParents.reversed() { rmdir(path) }
            throw error
        }
    }

    /// Moves the fresh folder into place, replacing the previous run as a whole. Models
    /// (`.ckpt`) of the previous run that this run did not write stay: they are linked into
    /// the fresh folder first, so that a model trained by an earlier run and loaded from the
    /// folder with `--checkpoint` is never deleted by the run that loads it.
    func place() throws {
        lock.lock()
        defer { lock.unlock() }
        guard state == .writing else { return }
        keepModels()
        let hasPrevious = FileManager.default.fileExists(atPath: folder.path)
        if hasPrevious, rename(folder.path, previous.path) != 0 { throw Self.failure(folder) }
        guard rename(fresh.path, folder.path) == 0 else {
            let error = Self.failure(folder)
            if hasPrevious { rename(previous.path, folder.path) }
            throw error
        }
        state = .placed
        if hasPrevious { try? FileManager.default.removeItem(at: previous) }
    }

    /// Removes the fresh folder (and the folders on the way this run made, when empty),
    /// unless the run is already in place; true when the lesson's folder is as it was.
    @discardableResult
    func abandon() -> Bool {
        lock.lock()
        defer { lock.unlock() }
        guard state == .writing else { return state == .abandoned }
        state = .abandoned
        try? FileManager.default.removeItem(at: fresh)
        for path in madeParents.reversed() { rmdir(path) }
        return true
    }

    /// What an abandoned run left, for the line that says it stopped.
    var leftAlone: String {
        replacesPrevious ? "\(folder.pathFromCurrentFolder) still holds the previous run, untouched"
            : "nothing was written to \(folder.pathFromCurrentFolder)"
    }

    /// Links the previous run's models that this run did not write into the fresh folder.
    private func keepModels() {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        for name in names where name.hasSuffix(".ckpt") {
            let source = folder.appendingPathComponent(name), target = fresh.appendingPathComponent(name)
            guard !FileManager.default.fileExists(atPath: target.path), link(source.path, target.path) != 0 else { continue }
            try? FileManager.default.copyItem(at: source, to: target)
        }
    }

    /// Removes what runs into `folder` that were killed outright left beside it: their
    /// fresh folders, and a previous run renamed away, which is put back when the folder
    /// itself is missing (the run was killed between its two renames).
    static func cleanUp(beside folder: URL) {
        let parent = folder.deletingLastPathComponent()
        for name in (try? FileManager.default.contentsOfDirectory(atPath: parent.path)) ?? [] {
            guard let (kind, pid) = parse(name, of: folder), !isRunning(pid) else { continue }
            let left = parent.appendingPathComponent(name)
            if kind == "old", !FileManager.default.fileExists(atPath: folder.path), rename(left.path, folder.path) == 0 { continue }
            try? FileManager.default.removeItem(at: left)
        }
    }

    /// `.Lesson04.run-4242`: hidden, and not named like a lesson, so the gallery skips it.
    static func name(of folder: URL, _ kind: String, _ pid: Int32) -> String {
        ".\(folder.lastPathComponent).\(kind)-\(pid)"
    }

    /// The kind and process of a name made by `name(of:_:_:)` for `folder`, else nil.
    static func parse(_ name: String, of folder: URL) -> (kind: String, pid: Int32)? {
        let prefix = ".\(folder.lastPathComponent)."
        guard name.hasPrefix(prefix) else { return nil }
        let parts = name.dropFirst(prefix.count).split(separator: "-", maxSplits: 1)
        guard parts.count == 2, ["run", "old"].contains(parts[0]), let pid = Int32(parts[1]), pid > 0 else { return nil }
        return (String(parts[0]), pid)
    }

    /// Whether another process `pid` is running (this one's pid in a name is a killed run's).
    private static func isRunning(_ pid: Int32) -> Bool {
        pid != getpid() && (kill(pid, 0) == 0 || errno == EPERM)
    }

    private static func failure(_ folder: URL) -> OutputFolder.Unwritable {
        OutputFolder.Unwritable(path: folder.path, reason: String(cString: strerror(errno)).lowercased())
    }
}
