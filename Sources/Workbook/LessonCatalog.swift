import Foundation

/// Every lesson of the workbook, in order, read from the package's `Lessons/` folder (the
/// one place a lesson is added): its name (`Lesson04`) and its title, the first line of its
/// `main.swift` after the dash (`// Lesson 04 — Learning to denoise: …`).
public enum LessonCatalog {
    public struct Lesson: Equatable, Sendable {
        public let name: String
        public let title: String
    }

    /// The lessons in `Lessons/`: beside the current folder (the package root, where `swift
    /// run` is typed), else found from this source file's place in the package; empty when
    /// neither exists.
    public static func lessons(sourceFile: String = #filePath) -> [Lesson] {
        let fromSource = URL(fileURLWithPath: sourceFile).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Lessons")
        for folder in [URL(fileURLWithPath: "Lessons"), fromSource] {
            let found = lessons(in: folder)
            if !found.isEmpty { return found }
        }
        return []
    }

    /// Whether a folder of `Lessons/` or of `output/` named `name` is a notebook the gallery
    /// lists: a lesson (`Lesson04`) or a learner's own (`Playground`, `Playground2`).
    public static func isNotebook(_ name: String) -> Bool {
        name.hasPrefix("Lesson") || name.hasPrefix("Playground")
    }

    /// The `Lesson*` and `Playground*` folders of `folder` that hold a `main.swift`, by name.
    static func lessons(in folder: URL) -> [Lesson] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        return names.filter(isNotebook).sorted().compactMap { name in
            guard let source = try? String(contentsOf: folder.appendingPathComponent("\(name)/main.swift"), encoding: .utf8) else {
                return nil
            }
            let firstLine = source.prefix { $0 != "\n" }
            let title = firstLine.range(of: "— ").map { firstLine[$0.upperBound...] } ?? Substring(name)
            return Lesson(name: name, title: String(title.hasSuffix(".") ? title.dropLast() : title))
        }
    }
}
