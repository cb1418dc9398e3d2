import ExerciseChecks
import Exercises
import Foundation
import XCTest

/// The checks themselves, checked: every reference answer passes, every plausible wrong
/// answer fails with the hint meant for it, and every stub in Sources/Exercises is graded.
/// These tests never look at the student's answers, so they pass at any stage of the work.
final class ExerciseCheckMetaTests: XCTestCase {
    func testEveryReferenceAnswerPasses() {
        for exercise in AllExercises.entries {
            XCTAssertEqual(exercise.checkReference(), .passed, "\(exercise.lesson).\(exercise.name)")
        }
    }

    func testEveryWrongAnswerFailsWithItsHint() {
        for exercise in AllExercises.entries {
            let mistakes = exercise.checkMistakes()
            XCTAssertFalse(mistakes.isEmpty, "\(exercise.name) needs at least one wrong answer to be checked against")
            for (hint, result) in mistakes {
                guard case .failed(let message) = result else {
                    XCTFail("\(exercise.name): a wrong answer expecting “\(hint)” got \(result)")
                    continue
                }
                XCTAssertTrue(message.contains(hint), "\(exercise.name): expected “\(hint)” in:\n\(message)")
                XCTAssertTrue(message.contains("expected:") && message.contains("got:") && message.contains("Hint:"),
                              "\(exercise.name): the message shows input, expected, got and a hint:\n\(message)")
            }
        }
    }

    /// `WORKBOOK_MISTAKE` separates the mistakes of several exercises by semicolons, so no hint
    /// may contain one; and the catalog keeps an answer that traps and one that hangs, to test
    /// that `swift test` and `swift run Grade` survive both (GradeProcessTests, ExerciseProcessTests).
    func testEveryMistakeCanBeChosenAndTheCatalogTrapsAndHangs() {
        let hints = AllExercises.entries.flatMap(\.mistakeHints)
        XCTAssertEqual(hints.filter { $0.contains(MistakeOverride.separator) }, [])
        XCTAssertFalse(AllExercises.entries.flatMap(\.trappingMistakes).isEmpty)
        XCTAssertFalse(AllExercises.entries.flatMap(\.hangingMistakes).isEmpty)
    }

    /// Two checks compare with the networks' Float code: right answers in Double pass them.
    func testDoublePrecisionAnswersPassTheFloatReferences() {
        XCTAssertEqual(Lesson04Catalog.adamStep.check { Lesson04Catalog.studentAdamStep($0, $1, $2, $3, $4, $5) }, .passed)
        XCTAssertEqual(Lesson04Catalog.linearBackward.check(Lesson04Catalog.studentLinearBackward), .passed)
    }

    func testAStubIsReportedAsNotAttempted() {
        XCTAssertEqual(evaluate("stub") { throw NotAttempted() }, .notAttempted)
        XCTAssertEqual(evaluate("stub") {}, .passed)
        struct Broken: Error {}
        guard case .failed(let message) = evaluate("stub", { throw Broken() }) else {
            return XCTFail("an error other than NotAttempted is a failure")
        }
        XCTAssertTrue(message.contains("stub threw an error"), message)
    }

    func testSkipMessageNamesTheExerciseAndTheLesson() {
        XCTAssertEqual(Lesson01Catalog.linearBetas.skipMessage,
                       "linearBetas not attempted yet — read Lesson01 (swift run Lesson01), then fill in Sources/Exercises/Lesson01.swift")
    }

    /// Every public function in Sources/Exercises/LessonNN.swift has a catalog entry, a check
    /// and a test method in LessonNNExercises, and nothing else is in the catalog.
    func testEveryStubIsGraded() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let sources = root.appendingPathComponent("Sources/Exercises")
        let files = try FileManager.default.contentsOfDirectory(atPath: sources.path).filter { $0.hasPrefix("Lesson") }
        XCTAssertFalse(files.isEmpty)
        var stubs: Set<String> = []
        for file in files {
            let lesson = String(file.dropLast(".swift".count))
            let text = try String(contentsOf: sources.appendingPathComponent(file), encoding: .utf8)
            let tests = try String(contentsOf: root.appendingPathComponent("Tests/ExerciseTests/\(lesson)Exercises.swift"), encoding: .utf8)
            for name in publicFunctions(in: text) {
                stubs.insert("\(lesson).\(name)")
                let method = "func test" + name.prefix(1).uppercased() + name.dropFirst() + "()"
                XCTAssertTrue(tests.contains(method), "\(lesson)Exercises needs \(method)")
            }
        }
        XCTAssertEqual(Set(AllExercises.entries.map { "\($0.lesson).\($0.name)" }), stubs)
    }

    /// Every lesson's closing cell names exactly its exercises, in the order of its file in
    /// Sources/Exercises (none for a lesson without one). The lessons are the folders in Lessons/.
    func testEveryLessonPointsToItsExercises() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let lessons = try FileManager.default.contentsOfDirectory(atPath: root.appendingPathComponent("Lessons").path)
            .filter { $0.hasPrefix("Lesson") }.sorted()
        XCTAssertGreaterThanOrEqual(lessons.count, 7)
        for lesson in lessons {
            let main = try String(contentsOf: root.appendingPathComponent("Lessons/\(lesson)/main.swift"), encoding: .utf8)
            let stubs = root.appendingPathComponent("Sources/Exercises/\(lesson).swift")
            let expected = FileManager.default.fileExists(atPath: stubs.path)
                ? publicFunctions(in: try String(contentsOf: stubs, encoding: .utf8)) : []
            guard let named = finishList(in: main) else {
                XCTFail("\(lesson)/main.swift does not end with book.finish(exercises: […]) or book.finish()")
                continue
            }
            XCTAssertEqual(named, expected, "\(lesson)/main.swift: book.finish(exercises:) should name the exercises of Sources/Exercises/\(lesson).swift")
        }
    }

    /// The names in `finish(exercises: ["a", "b"])`, [] for `finish()`, nil without either.
    private func finishList(in source: String) -> [String]? {
        if source.contains(".finish()") { return [] }
        guard let start = source.range(of: ".finish(exercises:"),
              let end = source[start.upperBound...].firstIndex(of: ")") else { return nil }
        return source[start.upperBound..<end].split(separator: "\"").enumerated().filter { $0.offset % 2 == 1 }.map { String($0.element) }
    }

    private func publicFunctions(in source: String) -> [String] {
        source.split(separator: "\n").compactMap { line in
            guard line.hasPrefix("public func ") else { return nil }
            return line.dropFirst("public func ".count).prefix { $0.isLetter || $0.isNumber }.description
        }
    }
}
