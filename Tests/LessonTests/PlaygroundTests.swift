import Foundation
@testable import Workbook
import XCTest

/// The learner's own notebook, Lessons/Playground: it runs, writes its cells, figure, CSV and
/// slider into its page, and has a card in the gallery like a lesson.
final class PlaygroundTests: XCTestCase {
    func testThePlaygroundWritesAPageWithItsFigureCSVAndSliderAndAGalleryCard() throws {
        let parent = FileManager.default.temporaryDirectory.appendingPathComponent("workbook-playground-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: parent) }
        let run = try LessonRunner.run("Playground", ["--quick", "--output", parent.appendingPathComponent("Playground").path])
        XCTAssertEqual(run.status, 0, run.stderr)
        XCTAssertEqual(run.stderr, "")
        XCTAssertTrue(run.stdout.contains("[3] A slider"), run.stdout)
        XCTAssertFalse(run.stdout.contains("Your turn"), "no exercises to point to")
        let alphaBar = try run.csv("alpha_bar.csv")
        XCTAssertEqual(alphaBar.header, ["t", "alpha_bar"])
        XCTAssertEqual(alphaBar.rows.count, 1000)
        // The cosine schedule's ᾱ_T is near 0 (Nichol & Dhariwal 2021, eq. 17, clipped β).
        XCTAssertLessThan(try XCTUnwrap(alphaBar.numbers("alpha_bar").last), 1e-3)
        XCTAssertEqual(try run.csv("moons_at_t.csv").column("t"), ["1", "100", "200", "400", "700", "1000"])
        XCTAssertTrue(run.exists("moons_at_t_frames/frame_005.png"))
        let page = try PageHTML(run.folder.appendingPathComponent("index.html"))
        XCTAssertEqual(page.missingTargets, [])
        page.assertSelfContained()
        XCTAssertTrue(page.html.contains(#"<figure class="sweep" id="sweep-moons_at_t""#))
        let gallery = try PageHTML(parent.appendingPathComponent("index.html"))
        XCTAssertTrue(gallery.values(of: "href").contains("Playground/index.html"), "the playground has a card")
        XCTAssertTrue(gallery.values(of: "src").contains("Playground/alpha_bar.png"))
        XCTAssertEqual(LessonCatalog.lessons().last?.name, "Playground", "the gallery lists it after the lessons")
    }
}
