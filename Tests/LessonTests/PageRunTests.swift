import Foundation
@testable import Workbook
import XCTest

/// Runs Lesson01 and Lesson02 with `--quick` into one temporary folder, laid out as
/// `output/` is (`TMP/Lesson01`, `TMP/Lesson02`), and reads back their pages and the gallery.
final class PageRunTests: XCTestCase {
    var parent: URL!
    var terminal: [String: String] = [:]

    override func setUpWithError() throws {
        parent = FileManager.default.temporaryDirectory.appendingPathComponent("workbook-pages-\(UUID().uuidString)")
        for (lesson, options) in [("Lesson01", ["--quick"]), ("Lesson02", ["--quick", "--seed", "7", "--dataset", "moons"])] {
            let run = try LessonRunner.run(lesson, options + ["--output", parent.appendingPathComponent(lesson).path])
            XCTAssertEqual(run.status, 0, run.stderr)
            XCTAssertEqual(run.stderr, "", "a page and a gallery are written without a word")
            terminal[lesson] = run.stdout
        }
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(at: parent)
    }

    func page(_ lesson: String) throws -> PageHTML {
        try PageHTML(parent.appendingPathComponent(lesson).appendingPathComponent("index.html"))
    }

    func testEveryFileAPageReferencesIsOnDiskAndNothingComesFromTheNetwork() throws {
        for lesson in ["Lesson01", "Lesson02"] {
            let page = try page(lesson)
            XCTAssertEqual(page.missingTargets, [], lesson)
            XCTAssertGreaterThan(page.values(of: "src").count, 2, lesson)
            page.assertSelfContained()
            XCTAssertTrue(page.values(of: "href").contains("../index.html"), "\(lesson) links back to the gallery")
        }
    }

    func testEveryFigureAndCSVTheLessonWroteIsOnItsPage() throws {
        for lesson in ["Lesson01", "Lesson02"] {
            let page = try page(lesson)
            let written = try FileManager.default.contentsOfDirectory(atPath: page.url.deletingLastPathComponent().path)
            let images = written.filter { $0.hasSuffix(".png") }
            XCTAssertGreaterThanOrEqual(images.count, 3, lesson)
            for image in images { XCTAssertTrue(page.values(of: "src").contains(image), "\(lesson): \(image) is shown") }
            for csv in written where csv.hasSuffix(".csv") {
                XCTAssertTrue(page.values(of: "href").contains(csv), "\(lesson): \(csv) is linked")
            }
        }
        XCTAssertTrue(try page("Lesson02").values(of: "href").contains("forward_animation_frames/"), "the frames are linked")
    }

    func testPagesShowTheCellsTheTerminalShowed() throws {
        for lesson in ["Lesson01", "Lesson02"] {
            let lines = terminal[lesson, default: ""].split(separator: "\n").map(String.init)
            // "[2] One jump or many steps? ────" → "2 One jump or many steps?"
            let headings = lines.filter { $0.hasPrefix("[") && $0.hasSuffix("─") }.map { line in
                line.dropFirst().replacingOccurrences(of: "] ", with: " ").trimmingCharacters(in: CharacterSet(charactersIn: " ─"))
            }
            let page = try page(lesson)
            XCTAssertGreaterThanOrEqual(headings.count, 4, lesson)
            XCTAssertEqual(page.texts(of: "h2"), headings, lesson)
            for result in lines where result.hasPrefix("  ▸ ") && !result.contains("figure: ") && !result.contains("table: ") {
                XCTAssertTrue(page.plainText.contains(result.dropFirst(4)), "\(lesson): \(result)")
            }
        }
        XCTAssertTrue(try page("Lesson02").plainText.contains("every mean and variance of the chain is within tolerance"))
    }

    func testPagesRecordTheRun() throws {
        let info = try XCTUnwrap(PageInfo.read(from: parent.appendingPathComponent("Lesson02")))
        XCTAssertEqual(info.lesson, "Lesson02")
        XCTAssertEqual(info.seed, 7)
        XCTAssertTrue(info.quick)
        XCTAssertEqual(info.arguments, ["--dataset", "moons"])
        XCTAssertEqual(info.figure, "forward.png")
        XCTAssertLessThan(abs(info.date.timeIntervalSinceNow), 600)
        let header = try page("Lesson02").plainText
        XCTAssertTrue(header.contains("seed 7 · quick run · options --dataset moons"), header)
    }

    func testTheGalleryListsBothLessonsWithThumbnailsAndLinks() throws {
        let gallery = try PageHTML(parent.appendingPathComponent("index.html"))
        XCTAssertEqual(gallery.missingTargets, [])
        gallery.assertSelfContained()
        XCTAssertEqual(gallery.values(of: "href"), ["Lesson01/index.html", "Lesson02/index.html"])
        XCTAssertEqual(gallery.values(of: "src"), ["Lesson01/schedules.png", "Lesson02/forward.png"])
        XCTAssertTrue(gallery.plainText.contains("Noise schedules"))
        XCTAssertTrue(gallery.plainText.contains("The forward process q(x_t | x_0)"))
    }

    func testRunsElsewhereLeaveTheRepositorysOutputAlone() throws {
        let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let gallery = repository.appendingPathComponent("output/index.html").path
        let before = try? FileManager.default.attributesOfItem(atPath: gallery)[.modificationDate] as? Date
        _ = try LessonRunner.run("Lesson03", ["--quick", "--output", parent.appendingPathComponent("Lesson03").path])
        let after = try? FileManager.default.attributesOfItem(atPath: gallery)[.modificationDate] as? Date
        XCTAssertEqual(before, after)
        XCTAssertTrue(try PageHTML(parent.appendingPathComponent("index.html")).values(of: "href").contains("Lesson03/index.html"),
                      "the gallery beside the run lists it instead")
    }
}

/// A page as the tests read it: attribute values, element texts, and the text a reader sees.
struct PageHTML {
    let url: URL
    let html: String

    init(_ url: URL) throws {
        self.url = url
        html = try String(contentsOf: url, encoding: .utf8)
    }

    /// Every `attribute="…"` value in the page, entities decoded.
    func values(of attribute: String) -> [String] {
        matches(#"\s\#(attribute)="([^"]*)""#).map(Self.decode)
    }

    /// The text inside every `<tag>`, without markup.
    func texts(of tag: String) -> [String] {
        matches("<\(tag)[^>]*>(.*?)</\(tag)>").map(Self.plain)
    }

    /// The whole page as a reader sees the text.
    var plainText: String { Self.plain(html) }

    /// The `src` and `href` targets that are not on disk, relative to the page.
    var missingTargets: [String] {
        (values(of: "src") + values(of: "href")).filter { target in
            let path = target.split(separator: "#", omittingEmptySubsequences: false)[0].removingPercentEncoding ?? target
            if path.isEmpty { return false }
            return !FileManager.default.fileExists(atPath: url.deletingLastPathComponent().appendingPathComponent(path).path)
        }
    }

    /// No address outside the page's folder tree, no script but the sliders' own inline one,
    /// no external style sheet or font, and every `src`/`href` quoted (so `values(of:)` saw them all).
    func assertSelfContained(file: StaticString = #filePath, line: UInt = #line) {
        for target in values(of: "src") + values(of: "href") {
            XCTAssertFalse(target.contains("://") || target.hasPrefix("//"), "\(url.path) refers to \(target)", file: file, line: line)
        }
        let scripts = html.components(separatedBy: "<script").count - 1
        XCTAssertEqual(scripts, html.components(separatedBy: "<script>").count - 1, "\(url.path): a script with attributes", file: file, line: line)
        XCTAssertEqual(scripts, html.contains("figure class=\"sweep\"") ? 1 : 0, "\(url.path): one script, for the sliders", file: file, line: line)
        for banned in ["http://", "https://", "<link", "@import", "url(", "<iframe", "fetch(", "XMLHttpRequest", "import("] {
            XCTAssertFalse(html.contains(banned), "\(url.path) contains \(banned)", file: file, line: line)
        }
        XCTAssertEqual(html.components(separatedBy: "src=").count, html.components(separatedBy: "src=\"").count, file: file, line: line)
        XCTAssertEqual(html.components(separatedBy: "href=").count, html.components(separatedBy: "href=\"").count, file: file, line: line)
    }

    private func matches(_ pattern: String) -> [String] {
        let regex = try! NSRegularExpression(pattern: pattern, options: [.dotMatchesLineSeparators])
        return regex.matches(in: html, range: NSRange(html.startIndex..., in: html)).compactMap { match in
            Range(match.range(at: 1), in: html).map { String(html[$0]) }
        }
    }

    /// Text without markup; a formula reads as its `alttext`, the plain text the terminal shows.
    static func plain(_ html: String) -> String {
        let formulas = html.replacingOccurrences(of: #"<math alttext="([^"]*)">.*?</math>"#, with: "$1", options: .regularExpression)
        return decode(formulas.replacingOccurrences(of: "<[^>]+>", with: "", options: .regularExpression))
    }

    static func decode(_ text: String) -> String {
        [("&lt;", "<"), ("&gt;", ">"), ("&quot;", "\""), ("&#39;", "'"), ("&amp;", "&")].reduce(text) {
            $0.replacingOccurrences(of: $1.0, with: $1.1)
        }
    }
}
