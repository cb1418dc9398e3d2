import Diffusion
import Foundation
import XCTest

/// Lesson 10's digits cell: `--train-digits` trains Lesson07's U-Net by flow matching, saves
/// it as a velocity checkpoint, and judges it beside Lesson07's ε model with DDIM.
final class FlowDigitsLessonTests: XCTestCase {
    func testTrainDigitsSavesTheModelAndJudgesIt() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("lesson10-digits-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let target = folder.appendingPathComponent("flow.ckpt")
        let run = try LessonRunner.run("Lesson10", ["--quick", "--train-digits", "--digits-steps", "40",
                                                    "--digits-checkpoint", target.path])
        XCTAssertEqual(run.status, 0, run.stderr)
        let table = try run.csv("flow_digits.csv")
        XCTAssertEqual(table.header, ["model", "sampler", "model_calls", "confident_share"])
        XCTAssertEqual(table.rows.count, 8)
        let flow = table.filter("model", "velocity network"), ddim = table.filter("model", "ε network (Lesson07)")
        XCTAssertEqual(flow.numbers("model_calls"), [5, 10, 20, 50])
        XCTAssertEqual(ddim.numbers("model_calls"), [5, 10, 20, 50])
        XCTAssertEqual(Set(flow.column("sampler")), ["Euler (uniform t)"])
        for share in table.numbers("confident_share") { XCTAssertTrue((0...1).contains(share)) }
        // Lesson07's shipped ε model draws confident digits; 40 steps of flow matching do not yet.
        XCTAssertGreaterThan(ddim.numbers("confident_share").last ?? 0, 0.6)
        XCTAssertLessThan(flow.numbers("confident_share").last ?? 1, ddim.numbers("confident_share").last ?? 0)
        XCTAssertTrue(run.exists("flow_digits.png"))
        let saved = try VelocityNetwork.load(contentsOf: target, dimension: 256)
        XCTAssertEqual(saved.provenance.steps, 40)
        XCTAssertEqual(saved.provenance.flow?.timeSampling, .logitNormal)
        XCTAssertEqual(saved.provenance.dataset, "digits")
        // The saved model, loaded, gives the same table.
        let again = try LessonRunner.run("Lesson10", ["--quick", "--digits-checkpoint", target.path])
        XCTAssertEqual(again.status, 0, again.stderr)
        XCTAssertEqual(try again.csv("flow_digits.csv").rows, table.rows)
    }

    func testBadDigitsOptionsAreOneLineErrors() throws {
        try LessonRunner.assertOneLineError("Lesson10", ["--digits-steps", "10"], mentions: "--digits-steps")
        try LessonRunner.assertOneLineError("Lesson10", ["--train-digits", "--digits-steps", "0"], mentions: "--digits-steps")
        try LessonRunner.assertOneLineError("Lesson10", ["--digits-checkpoint", "/nonexistent/flow.ckpt"],
                                            mentions: "/nonexistent/flow.ckpt")
        try LessonRunner.assertOneLineError("Lesson10", ["--train-digits", "--digits-checkpoint", "/nonexistent/flow.ckpt"],
                                            mentions: "writable folder")
        // Lesson07's ε model is not a velocity network.
        let noise = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Lessons/Lesson07/model/digits.ckpt")
        try LessonRunner.assertOneLineError("Lesson10", ["--digits-checkpoint", noise.path], mentions: "noise predictor")
    }
}
