import Foundation
import Workbook
import XCTest

/// When a lesson's run writes the gallery one folder up, and when it must not.
final class PageGalleryTests: XCTestCase {
    var parent: URL!

    override func setUpWithError() throws {
        parent = FileManager.default.temporaryDirectory.appendingPathComponent("workbook-gallery-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: parent, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(at: parent)
    }

    /// Runs Lesson01 quickly into `parent/folder`.
    func run(into folder: String, _ options: [String] = []) throws -> PageHTML {
        let output = parent.appendingPathComponent(folder)
        let run = try LessonRunner.run("Lesson01", ["--quick", "--output", output.path] + options)
        XCTAssertEqual(run.status, 0, run.stderr)
        return try PageHTML(output.appendingPathComponent("index.html"))
    }

    var galleryPath: String { parent.appendingPathComponent("index.html").path }

    func testAFolderNotNamedLikeALessonGetsAPageButNoGallery() throws {
        let page = try run(into: "my-run")
        XCTAssertFalse(FileManager.default.fileExists(atPath: galleryPath), "the gallery lists Lesson* folders only")
        XCTAssertFalse(page.values(of: "href").contains("../index.html"), "no link to a gallery that is not there")
        XCTAssertEqual(page.missingTargets, [])
        XCTAssertTrue(page.values(of: "src").contains("schedules.png"))
    }

    func testSomeoneElsesIndexIsNeverOverwritten() throws {
        let mine = "<!DOCTYPE html><title>My notes</title><p>mine</p>\n"
        try mine.write(toFile: galleryPath, atomically: true, encoding: .utf8)
        let page = try run(into: "Lesson01")
        XCTAssertEqual(try String(contentsOfFile: galleryPath, encoding: .utf8), mine)
        XCTAssertFalse(page.values(of: "href").contains("../index.html"), "the page does not call my notes its gallery")
    }

    func testTheGalleryFollowsRerunsAndListsOnlyLessonPages() throws {
        _ = try run(into: "Lesson01", ["--seed", "11"])
        XCTAssertTrue(try PageHTML(URL(fileURLWithPath: galleryPath)).plainText.contains("seed 11"))
        // A Lesson folder without a page (an interrupted first run) and a folder with a page
        // but another name are not listed.
        for folder in ["Lesson04", "notes"] {
            try FileManager.default.createDirectory(at: parent.appendingPathComponent(folder), withIntermediateDirectories: true)
        }
        try Data("x".utf8).write(to: parent.appendingPathComponent("Lesson04/index.html"))
        try FileManager.default.copyItem(at: parent.appendingPathComponent("Lesson01/page.json"),
                                        to: parent.appendingPathComponent("notes/page.json"))
        try Data().write(to: parent.appendingPathComponent("notes/index.html"))
        _ = try run(into: "Lesson01", ["--seed", "12"])
        let gallery = try PageHTML(URL(fileURLWithPath: galleryPath))
        XCTAssertTrue(gallery.plainText.contains("seed 12"))
        XCTAssertFalse(gallery.plainText.contains("seed 11"), "the rerun replaced the first run")
        XCTAssertEqual(gallery.values(of: "href"), ["Lesson01/index.html"])
        XCTAssertTrue(gallery.plainText.contains("1 of \(LessonCatalog.lessons().count) lessons run"), gallery.plainText)
    }

    /// The gallery lists every lesson in order: the run ones with their page, the others
    /// with the command that makes it, whatever lessons the package holds.
    func testTheGalleryListsEveryLessonInOrderWithTheCommandForTheOnesNotRun() throws {
        let lesson02 = try LessonRunner.run("Lesson02", ["--quick", "--output", parent.appendingPathComponent("Lesson02").path])
        XCTAssertEqual(lesson02.status, 0, lesson02.stderr)
        let catalog = LessonCatalog.lessons()
        XCTAssertEqual(Array(catalog.prefix(4).map(\.name)), ["Lesson01", "Lesson02", "Lesson03", "Lesson04"])
        XCTAssertEqual(catalog.first?.title, "Noise schedules")
        XCTAssertTrue(catalog[3].title.hasPrefix("Learning to denoise"), catalog[3].title)
        XCTAssertFalse(catalog.contains { $0.title.hasPrefix("//") || $0.title.hasSuffix(".") })
        XCTAssertEqual(catalog.map(\.name), catalog.map(\.name).sorted())
        let text = try PageHTML(URL(fileURLWithPath: galleryPath)).plainText
        var position = text.startIndex
        for lesson in catalog {
            // In order; every one but Lesson02 with its command.
            let found = try XCTUnwrap(text.range(of: lesson.name, range: position..<text.endIndex), "\(lesson.name) missing or out of order")
            position = found.upperBound
            let command = "swift run \(lesson.name) --output \(parent.appendingPathComponent(lesson.name).standardizedFileURL.path)"
            XCTAssertEqual(text.contains(command), lesson.name != "Lesson02", lesson.name)
        }
    }
}
