import Foundation
@testable import Workbook
import XCTest

/// How narration, math, file names and code spans become HTML on the notebook pages.
final class PageMarkupTests: XCTestCase {
    func testEscapesEveryCharacterHTMLGivesMeaning() {
        XCTAssertEqual(HTML.escape(#"<a href="x">Tom & 'Jerry'</a>"#),
                       "&lt;a href=&quot;x&quot;&gt;Tom &amp; &#39;Jerry&#39;&lt;/a&gt;")
        XCTAssertEqual(HTML.escape("ᾱ_t √ ✓"), "ᾱ_t √ ✓", "anything else passes unchanged")
    }

    func testURLsCannotTurnIntoFragmentsQueriesOrSchemes() {
        XCTAssertEqual(HTML.url("my figure#1.png"), "my%20figure%231.png")
        XCTAssertEqual(HTML.url("a:b?.png"), "a%3Ab%3F.png")
        XCTAssertEqual(HTML.url("frames/x&y.png"), "frames/x&amp;y.png")
    }

    /// `<math>` with the plain text as `alttext` around `body`.
    func math(_ text: String, _ body: String) -> String { "<math alttext=\"\(HTML.escape(text))\">\(body)</math>" }

    func testFormulasBecomeMathML() {
        XCTAssertEqual(HTMLMath.html("so x_t = √ᾱ_t x_0 + √(1 − ᾱ_t) ε (eq. 4)."), "so " + math("x_t = √ᾱ_t x_0 + √(1 − ᾱ_t) ε",
            "<mrow><msub><mi>x</mi><mi>t</mi></msub><mo>=</mo><msqrt><msub><mi>ᾱ</mi><mi>t</mi></msub></msqrt><msub><mi>x</mi><mn>0</mn></msub>"
            + "<mo>+</mo><msqrt><mrow><mn>1</mn><mo>−</mo><msub><mi>ᾱ</mi><mi>t</mi></msub></mrow></msqrt><mi>ε</mi></mrow>") + " (eq. 4).",
            "the radical covers its parentheses' content; prose and the full stop stay outside")
        XCTAssertEqual(HTMLMath.html("q(x_{t−1} | x_t)"), math("q(x_{t−1} | x_t)",
            "<mrow><mi>q</mi><mrow><mo>(</mo><msub><mi>x</mi><mrow><mi>t</mi><mo>−</mo><mn>1</mn></mrow></msub><mo>|</mo>"
            + "<msub><mi>x</mi><mi>t</mi></msub><mo>)</mo></mrow></mrow>"))
        XCTAssertEqual(HTMLMath.html("from x_T to x_0."), "from " + math("x_T", "<msub><mi>x</mi><mi>T</mi></msub>") + " to "
                       + math("x_0", "<msub><mi>x</mi><mn>0</mn></msub>") + ".", "a formula that ends the sentence")
        XCTAssertEqual(HTMLMath.html("(1 − ᾱ)^{1/2}"), math("(1 − ᾱ)^{1/2}",
            "<msup><mrow><mo>(</mo><mn>1</mn><mo>−</mo><mi>ᾱ</mi><mo>)</mo></mrow><mrow><mn>1</mn><mo>/</mo><mn>2</mn></mrow></msup>"),
            "a script after a bracket applies to the group")
        XCTAssertEqual(HTMLMath.html("σ² and z₀"),
                       math("σ²", "<msup><mi>σ</mi><mn>2</mn></msup>") + " and " + math("z₀", "<msub><mi>z</mi><mn>0</mn></msub>"),
                       "Unicode scripts, as x_t and σ^2")
        XCTAssertEqual(HTMLMath.html("KL(q ‖ p) at 4.04e-05"),
                       math("KL(q ‖ p)", "<mrow><mi>KL</mi><mrow><mo>(</mo><mi>q</mi><mo>‖</mo><mi>p</mi><mo>)</mo></mrow></mrow>") + " at 4.04e-05")
        for prose in ["the data after t steps", "0.95", "a", "e.g. 0.5", "(Ho et al. 2020, eq. 4)", "45% of T", "1.8×"] {
            XCTAssertEqual(HTMLMath.html(prose), HTML.escape(prose), "no formula in \(prose)")
        }
    }

    func testSubscriptsAndSuperscriptsOutsideFormulas() {
        XCTAssertEqual(HTMLMath.scripts("x_t = √ᾱ_t x_0 + √(1 − ᾱ_t) ε"),
                       "x<sub>t</sub> = √ᾱ<sub>t</sub> x<sub>0</sub> + √(1 − ᾱ<sub>t</sub>) ε")
        XCTAssertEqual(HTMLMath.scripts("q(x_{t−1} | x_t, x_0)"), "q(x<sub>t−1</sub> | x<sub>t</sub>, x<sub>0</sub>)")
        XCTAssertEqual(HTMLMath.scripts("β̃_1 = 0, β_10"), "β̃<sub>1</sub> = 0, β<sub>10</sub>")
        XCTAssertEqual(HTMLMath.scripts("σ^2, 10^-4, (1 − ᾱ)^{1/2}"), "σ<sup>2</sup>, 10<sup>-4</sup>, (1 − ᾱ)<sup>1/2</sup>")
        XCTAssertEqual(HTMLMath.scripts("x_{t^2}"), "x<sub>t<sup>2</sup></sub>", "scripts nest")
    }

    func testIdentifiersAndLoneMarksAreLeftAlone() {
        for text in ["alpha_bar", "sqrt_one_minus_alpha_bar", "t_over_T", "x_ta", "_t", "x_", "x_{}", "x_{t", "a ^ b", "x^y2"] {
            XCTAssertEqual(HTMLMath.html(text), text)
        }
    }

    func testMathIsEscaped() {
        XCTAssertEqual(HTMLMath.html("a<b_t & c"),
                       math("a<b_t", "<mrow><mi>a</mi><mo>&lt;</mo><msub><mi>b</mi><mi>t</mi></msub></mrow>") + " &amp; c")
        XCTAssertEqual(HTMLMath.scripts("x_{<i>}"), "x<sub>&lt;i&gt;</sub>")
    }

    func testCodeSpansAreVerbatim() {
        let inline = HTMLInline(folder: URL(fileURLWithPath: "/nowhere"), files: [])
        XCTAssertEqual(inline.html("run `swift test --filter x_t` <now>"),
                       "run <code>swift test --filter x_t</code> &lt;now&gt;")
        XCTAssertEqual(inline.html("`a` b_t `c_t"),
                       "<code>a</code> " + math("b_t", "<msub><mi>b</mi><mi>t</mi></msub>") + " `"
                       + math("c_t", "<msub><mi>c</mi><mi>t</mi></msub>"),
                       "an unmatched backtick stays a backtick")
        XCTAssertEqual(inline.html("one\ntwo"), "one<br>\ntwo")
    }

    func testFileNamesAreCodeAndLinkedWhenTheLessonWroteThem() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("page-markup-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder.appendingPathComponent("x_frames"), withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        try Data().write(to: folder.appendingPathComponent("chain_check.csv"))
        let inline = HTMLInline(folder: folder)
        let link = #"<a class="file" href="chain_check.csv"><code>chain_check.csv</code></a>"#
        XCTAssertEqual(inline.html("(see chain_check.csv)."), "(see \(link)).")
        let xt = math("x_t", "<msub><mi>x</mi><mi>t</mi></msub>")
        XCTAssertEqual(inline.html("table: \(folder.path)/chain_check.csv — x_t"), "table: \(link) — " + xt)
        XCTAssertEqual(inline.html("frames in x_frames/)."), #"frames in <a class="file" href="x_frames/"><code>x_frames/</code></a>)."#)
        XCTAssertEqual(inline.html("in Sources/Exercises/Lesson01.swift: x_t"),
                       "in <code>Sources/Exercises/Lesson01.swift</code>: " + xt)
        XCTAssertEqual(inline.html("/elsewhere/chain_check.csv"), "<code>/elsewhere/chain_check.csv</code>",
                       "a file of the same name in another folder is not linked")
        XCTAssertEqual(inline.html("t/T and ᾱ_{t−1}/(1 − ᾱ_t), e.g. 0.95."),
                       "t/T and " + math("ᾱ_{t−1}/(1 − ᾱ_t)", "<mrow><msub><mi>ᾱ</mi><mrow><mi>t</mi><mo>−</mo><mn>1</mn></mrow></msub><mo>/</mo>"
                       + "<mrow><mo>(</mo><mn>1</mn><mo>−</mo><msub><mi>ᾱ</mi><mi>t</mi></msub><mo>)</mo></mrow></mrow>") + ", e.g. 0.95.",
                       "math is not a file name")
    }

    func testTablesAlignNumericColumnsAndRenderMath() {
        var table = TextTable(columns: ["schedule", "ᾱ_T", "ok"])
        table.append(["linear", "4.036e-05", "✓"])
        table.append(["cosine", "±0.5", "✓"])
        let html = page(cells: [cell(.table(table))]).html
        XCTAssertTrue(html.contains(#"<tr><th>schedule</th><th class="num"><math alttext="ᾱ_T"><msub><mi>ᾱ</mi><mi>T</mi></msub></math></th>"#
                                    + "<th>ok</th></tr>"), html)
        XCTAssertTrue(html.contains(#"<tr><td>cosine</td><td class="num">±0.5</td><td>✓</td></tr>"#), html)
    }

    func testFiguresShowTheImageWithCaptionNumbersAndFrames() {
        let figure = FigureFile(image: "walk.png", data: "walk.csv", caption: "x_t <walks>", frames: "walk_frames")
        let html = page(cells: [cell(.figure(figure))]).html
        XCTAssertTrue(html.contains(#"<img src="walk.png" alt="x_t &lt;walks&gt;">"#), html)
        XCTAssertTrue(html.contains(#"<figcaption><math alttext="x_t"><msub><mi>x</mi><mi>t</mi></msub></math> &lt;walks&gt; "#), html)
        XCTAssertTrue(html.contains(#"<a href="walk.csv">numbers (CSV)</a>"#), html)
        XCTAssertTrue(html.contains(#"<a href="walk_frames/">frames</a>"#), html)
    }

    func testPagesEscapeWhatLessonsWrite() {
        let hostile = "<script>alert('x')</script>"
        var info = Self.info
        info.title = hostile
        info.arguments = ["--name", hostile]
        let cells = [Cell(number: 1, heading: hostile, blocks: [.text(hostile), .result(hostile)])]
        let html = LessonPage(info: info, cells: cells, folder: URL(fileURLWithPath: "/nowhere"), gallery: nil).html
        XCTAssertFalse(html.contains("<script"), html)
        XCTAssertEqual(html.components(separatedBy: "&lt;script&gt;").count - 1, 6, "title, h1, options, heading, text, result")
        XCTAssertFalse(html.contains("All lessons"), "no gallery, no link to one")
    }

    func testPagesLeaveOutCellZerosHeadingAndListLongLessons() {
        let cells = [Cell(number: 0, heading: "Intro", blocks: [.text("before")])]
            + (1...3).map { Cell(number: $0, heading: "Cell \($0)", blocks: []) }
        let html = page(cells: cells).html
        XCTAssertFalse(html.contains("Intro"), "cell 0 is the title's: the h1 shows it")
        XCTAssertTrue(html.contains(##"<li><a href="#cell-3">Cell 3</a></li>"##), html)
        XCTAssertTrue(html.contains(#"<h2><span class="n">2</span> Cell 2</h2>"#), html)
    }

    func testLessonArgumentsLeaveOutTheSharedOptions() {
        let commandLine = ["Lesson02", "--quick", "--dataset", "moons", "--seed", "7", "--output", "/tmp/x",
                           "--seed=3", "--output=y", "--timesteps", "50"]
        XCTAssertEqual(PageInfo.lessonArguments(commandLine), ["--dataset", "moons", "--timesteps", "50"])
    }

    func testPageInfoRoundTripsAndSummarizesTheRun() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("page-info-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        try Self.info.write(to: folder)
        XCTAssertEqual(PageInfo.read(from: folder), Self.info)
        let summary = Self.info.summary()
        XCTAssertNotNil(summary.range(of: #"^run \d{4}-\d{2}-\d{2} \d{2}:\d{2} · 2\.40 s · seed 7 · quick run$"#, options: .regularExpression), summary)
        XCTAssertFalse(Self.info.summary(duration: false).contains("2.40 s"))
        XCTAssertNil(PageInfo.read(from: folder.appendingPathComponent("missing")))
    }

    // MARK: - Helpers

    /// A run stored to the second, as `page.json` stores it.
    static let info = PageInfo(lesson: "Lesson09", title: "Test", date: Date(timeIntervalSince1970: 1_750_000_000),
                               seconds: 2.4, seed: 7, quick: true, arguments: [], figure: nil)

    func cell(_ block: Block) -> Cell { Cell(number: 1, heading: "One", blocks: [block]) }

    func page(cells: [Cell]) -> LessonPage {
        LessonPage(info: Self.info, cells: cells, folder: URL(fileURLWithPath: "/nowhere"), gallery: "../index.html")
    }
}
