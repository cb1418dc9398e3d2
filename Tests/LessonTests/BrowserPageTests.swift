import Foundation
import Workbook
import XCTest

/// Opens the pages of Lessons 01, 02, 05 and 06 (run with `--quick` into one folder laid out
/// as `output/`) in headless Chromium and checks what a reader sees: a slider set through the
/// address or moved as a key press moves it shows the frame the lesson drew for that setting
/// and that setting's rows of the CSV; without JavaScript the page shows the default figure;
/// nothing points outside the output folder; equations are laid out as mathematics (MathML).
final class BrowserPageTests: XCTestCase {
    static let root = FileManager.default.temporaryDirectory.appendingPathComponent("workbook-browser-\(UUID().uuidString)")
    static let runs: [String: LessonRun] = {
        var runs: [String: LessonRun] = [:]
        for lesson in ["Lesson01", "Lesson02", "Lesson05", "Lesson06"] {
            runs[lesson] = try? LessonRunner.run(lesson, ["--quick", "--output", root.appendingPathComponent(lesson).path])
        }
        return runs
    }()

    override class func tearDown() {
        try? FileManager.default.removeItem(at: root)
    }

    func run(_ lesson: String) throws -> LessonRun {
        let run = try XCTUnwrap(Self.runs[lesson], "\(lesson) did not start")
        XCTAssertEqual(run.status, 0, run.stderr)
        return run
    }

    func open(_ lesson: String, _ fragment: String = "", move: (sweep: String, control: Int, position: Int)? = nil) throws -> PageProbe {
        let browser = try Browser.start()
        return try PageProbe.open(try run(lesson).folder.appendingPathComponent("index.html"), fragment: fragment, move: move, in: browser)
    }

    /// The frame file of stop `k` of sweep `name`, as the lesson wrote it.
    func frame(_ name: String, _ k: Int) -> String { name + "_frames/frame_" + String(format: "%03d", k) + ".png" }

    func testTheAddressOpensAnAnimationAtAStopWithItsFrameAndRow() throws {
        let probe = try open("Lesson02", "forward_animation=3&picture_at_t=2")
        let animation = try XCTUnwrap(probe.sweeps["forward_animation"])
        let csv = try run("Lesson02").csv("forward_animation.csv")
        XCTAssertEqual(animation.shown, "3")
        XCTAssertEqual(animation.src, frame("forward_animation", 3))
        XCTAssertTrue(animation.loaded, "the frame is on disk and shows")
        XCTAssertFalse(animation.controlsHidden)
        XCTAssertEqual(animation.labels, ["t"])
        XCTAssertEqual(animation.rows, csv.filter("frame", "3").rows, "the row of the CSV for that frame")
        let alphaBar = try XCTUnwrap(Double(csv.filter("frame", "3").column("alpha_bar")[0]))
        XCTAssertEqual(animation.shownRows.first?[2], Format.number(alphaBar), "shown as the terminal shows numbers")
        let t = csv.filter("frame", "3").column("t")[0]
        XCTAssertEqual(animation.outputs, [t])
        XCTAssertEqual(animation.valueTexts, ["t = \(t)"])
        // Two sweeps on one page, each at its own stop; the picture's CSV holds two rows per stop.
        let picture = try XCTUnwrap(probe.sweeps["picture_at_t"])
        let pictureCSV = try run("Lesson02").csv("picture_at_t.csv")
        XCTAssertEqual(picture.src, frame("picture_at_t", 2))
        XCTAssertTrue(picture.loaded)
        XCTAssertEqual(picture.rows, Array(pictureCSV.rows[4..<6]))
        XCTAssertEqual(picture.rows.map { $0[0] }, ["linear", "cosine"])
    }

    func testAKeyPressOnAControlShowsThatSettingsFrameAndRows() throws {
        // Lesson06: S and η of the Table 1 replica; the η slider moved to its last value.
        let probe = try open("Lesson06", "ddim_settings=0", move: ("ddim_settings", 1, 3))
        let settings = try XCTUnwrap(probe.sweeps["ddim_settings"])
        XCTAssertEqual(settings.labels, ["S", "η"])
        XCTAssertEqual(settings.outputs, ["10", "1.0"])
        XCTAssertEqual(settings.shown, "3", "stop 3 is S = 10, η = 1.0")
        XCTAssertEqual(settings.src, frame("ddim_settings", 3))
        XCTAssertTrue(settings.loaded)
        let table = try run("Lesson06").csv("ddim_table.csv").filter("steps", "10").filter("eta", "1.0")
        XCTAssertEqual(table.rows.count, 2, "both denoisers")
        XCTAssertEqual(settings.rows, table.rows, "the rows of ddim_table.csv at S = 10, η = 1.0")
        // Lesson05: the reverse chain's t, moved to stop 7.
        let reverse = try XCTUnwrap(try open("Lesson05", move: ("reverse_animation", 0, 7)).sweeps["reverse_animation"])
        XCTAssertEqual(reverse.src, frame("reverse_animation", 7))
        XCTAssertEqual(reverse.rows, try run("Lesson05").csv("reverse_animation.csv").filter("frame", "7").rows)
    }

    func testStillFiguresOpenAtTheirStartingStopAndAnimationsKeepPlaying() throws {
        let schedules = try XCTUnwrap(try open("Lesson01").sweeps["schedules"])
        let t = try XCTUnwrap(schedules.outputs.first)
        let csv = try run("Lesson01").csv("schedules.csv")
        XCTAssertEqual(schedules.rows, csv.filter("t", t).rows, "every schedule's row at t = \(t)")
        XCTAssertEqual(schedules.rows.map { $0[0] }, ["linear", "quadratic", "sigmoid", "cosine"])
        XCTAssertEqual(schedules.src, frame("schedules", Int(schedules.shown ?? "") ?? -1))
        XCTAssertTrue(schedules.loaded)
        let marked = try XCTUnwrap(try open("Lesson01", "schedules=0").sweeps["schedules"])
        XCTAssertEqual(marked.outputs, ["1"])
        XCTAssertEqual(marked.rows, csv.filter("t", "1").rows)
        let reverse = try XCTUnwrap(try open("Lesson05").sweeps["reverse_animation"])
        XCTAssertEqual(reverse.src, "reverse_animation.png", "the animation plays until a control moves")
        XCTAssertNil(reverse.shown)
        XCTAssertFalse(reverse.controlsHidden)
    }

    func testWithoutJavaScriptThePageShowsTheDefaultFigureAndNoControls() throws {
        // `--dump-dom` needs scripts, so the page's own script is left out of the copy instead.
        let page = try run("Lesson01").folder.appendingPathComponent("index.html")
        let probe = try PageProbe.open(page, fragment: "schedules=3", pageScript: false, in: try Browser.start())
        let schedules = try XCTUnwrap(probe.sweeps["schedules"])
        XCTAssertEqual(schedules.src, "schedules.png", "the figure as the lesson saved it")
        XCTAssertTrue(schedules.loaded)
        XCTAssertFalse(schedules.controlsDisplayed, "no control that would do nothing")
        XCTAssertNil(schedules.shown)
        XCTAssertEqual(schedules.rows.count, 4, "the rows at the starting t, one per schedule")
        let visible = try XCTUnwrap(try open("Lesson01").sweeps["schedules"])
        XCTAssertTrue(visible.controlsDisplayed, "with JavaScript the controls show")
    }

    func testEquationsAreLaidOutAsMathematics() throws {
        let probe = try open("Lesson01")
        XCTAssertGreaterThan(probe.math.count, 10)
        for formula in probe.math {
            XCTAssertTrue(formula.display.hasSuffix("math"), "\(formula.text) is laid out as \(formula.display), not as MathML")
        }
        XCTAssertEqual(probe.subscriptLowered, true, "a subscript sits below its base")
        XCTAssertEqual(probe.radicalTaller, true, "a square root draws its sign and bar over what it covers")
    }

    func testNothingOnThePagesPointsOutsideTheOutputFolder() throws {
        for lesson in ["Lesson01", "Lesson02", "Lesson05", "Lesson06"] {
            let probe = try open(lesson, "schedules=2&forward_animation=1&reverse_animation=1&ddim_settings=1")
            XCTAssertEqual(probe.outside, [], lesson)
            XCTAssertGreaterThan(probe.addresses, 5, lesson)
        }
        let gallery = try PageProbe.open(Self.root.appendingPathComponent("index.html"), root: Self.root, in: try Browser.start())
        XCTAssertEqual(gallery.outside, [])
    }
}
