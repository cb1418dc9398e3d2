import Diffusion
import Foundation
import XCTest

/// Lesson 09: guidance on the ring (exact and learned), the shipped conditional digits model,
/// `--label`, and its errors.
final class GuidanceLessonTests: XCTestCase {
    static let shippedModel = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Lessons/Lesson09/model/digits.ckpt")

    /// One quick run shared by the tests of this class.
    static let quickRun: LessonRun? = try? LessonRunner.run("Lesson09", ["--quick"])

    func testShippedModelIsTheConditionalDigitsNetwork() throws {
        let url = Self.shippedModel
        let bytes = try XCTUnwrap(FileManager.default.attributesOfItem(atPath: url.path)[.size] as? Int)
        XCTAssertLessThan(bytes, 1_000_000, "the shipped model stays under 1 MB")
        let network = try NoiseNetwork(contentsOf: url, dimension: 256)
        let configuration = TrainingConfiguration.conditionalDigits
        XCTAssertEqual(network.shape, configuration.networkShape)
        XCTAssertEqual(network.classCount, 10)
        XCTAssertEqual(network.schedule, configuration.schedule)
        // Trained: at t = T its ε̂ is x_T itself, with or without a label.
        var rng = Xoshiro256(seed: 5)
        let noise = rng.gaussians(4 * 256)
        XCTAssertGreaterThan(Moments.correlation(network.predictNoise(xt: noise, t: 1000, dimension: 256, labels: [1, 4, 7, 9]), noise), 0.99)
        // The label matters where the digit takes shape: ε(x, 3) and ε(x, 8) differ at t = 500.
        let half = network.predictNoise(xt: Array(noise.prefix(256)), t: 500, dimension: 256, labels: [3])
        let other = network.predictNoise(xt: Array(noise.prefix(256)), t: 500, dimension: 256, labels: [8])
        XCTAssertGreaterThan(zip(half, other).map { abs($0 - $1) }.max() ?? 0, 0.05)
    }

    func testQuickRunOnTheRing() throws {
        let run = try XCTUnwrap(Self.quickRun)
        XCTAssertEqual(run.status, 0, run.stderr)
        let table = try run.csv("guidance_2d.csv")
        XCTAssertEqual(Array(table.header.prefix(6)), ["denoiser", "w", "label_accuracy", "component_std", "energy_distance", "expected_floor"])
        XCTAssertEqual(Set(table.column("denoiser")), ["exact", "network"])
        // The crowded ring, exactly: accuracy rises and spread falls with w = 0, 1, 4.
        let crowded = table.filter("data_std", "0.25")
        XCTAssertEqual(crowded.numbers("w"), [0, 1, 4])
        let accuracy = crowded.numbers("label_accuracy"), spread = crowded.numbers("component_std")
        XCTAssertLessThan(accuracy[0], 0.95)
        XCTAssertGreaterThan(accuracy[1], accuracy[0])
        XCTAssertGreaterThanOrEqual(accuracy[2], accuracy[1])
        XCTAssertLessThan(spread[1], spread[0])
        XCTAssertLessThan(spread[2], spread[1])
        // w = 0 samples the components: spread near s, D² near its floor.
        XCTAssertEqual(spread[0], 0.25, accuracy: 0.03)
        let distance = crowded.numbers("energy_distance"), floor = crowded.numbers("expected_floor")
        XCTAssertLessThan(distance[0], 3 * floor[0])
        XCTAssertGreaterThan(distance[2], 5 * floor[2])
        // The quick ring network (600 steps) follows its labels loosely; guidance makes it
        // follow them (measured: 87% at w = 0, 100% at w = 4; a network blind to the label
        // would score about 1/8 at every w).
        let network = table.filter("denoiser", "network").numbers("label_accuracy")
        XCTAssertGreaterThan(network[0], 0.3)
        XCTAssertGreaterThanOrEqual(network[2], network[0])
        XCTAssertGreaterThan(network[2], 0.95)
        // Each half of the guided ε̃ from the exact denoiser or the network, at w ∈ {0, 1, 4} (quick): at w = 0 the
        // unconditional half is unused, so a pairing scores as its conditional model's own run.
        let attribution = try run.csv("guidance_attribution.csv")
        XCTAssertEqual(Array(attribution.header.prefix(5)), ["conditional", "unconditional", "w", "label_accuracy", "spread"])
        XCTAssertEqual(attribution.rows.count, 4 * 3)
        for conditional in ["exact", "network"] {
            let rows = attribution.filter("conditional", conditional)
            XCTAssertEqual(Set(rows.column("unconditional")), ["exact", "network"])
            let atZero = zip(rows.numbers("w"), rows.numbers("spread")).filter { $0.0 == 0 }.map(\.1)
            XCTAssertEqual(atZero.count, 2)
            XCTAssertEqual(atZero[0], atZero[1], conditional)
        }
        let bothExact = attribution.filter("conditional", "exact").filter("unconditional", "exact").numbers("spread")
        XCTAssertEqual(bothExact, table.filter("denoiser", "exact").filter("data_std", "0.1").numbers("component_std"))
        XCTAssertTrue(run.stdout.contains("the largest difference between a classifier-guided sample"))
        for name in ["guidance_2d", "guidance_samples", "classifier_guidance", "guidance_digits", "digits_on_demand"] {
            XCTAssertTrue(run.exists(name + ".png") && run.exists(name + ".csv"), name)
        }
        XCTAssertTrue(run.exists("tilted_density.csv"))
    }

    func testQuickRunDrawsTheDigitsAskedFor() throws {
        let run = try XCTUnwrap(Self.quickRun)
        XCTAssertEqual(run.status, 0, run.stderr)
        let digits = try run.csv("guidance_digits.csv")
        XCTAssertEqual(Array(digits.header.prefix(4)), ["w", "agreement", "confident_share", "diversity"])
        XCTAssertEqual(digits.numbers("w"), [0, 1, 3, 8])
        // How far guidance moves each sample from its w = 0 picture: 0 at w = 0, more as w grows.
        let diversity = try run.csv("guidance_diversity.csv")
        let moved = diversity.numbers("moved_from_w0")
        XCTAssertEqual(moved.first, 0)
        XCTAssertGreaterThan(moved.last ?? 0, moved[1])
        // Measured in a full run of the shipped model: see Lessons/Lesson09/model/README.md.
        let agreement = digits.numbers("agreement")
        XCTAssertGreaterThan(agreement.max() ?? 0, 0.8, "the shipped model draws the digits it is asked for")
        let grid = try run.csv("digits_on_demand.csv")
        XCTAssertEqual(Set(grid.column("row_label")), Set((0...9).map { "asked for \($0)" }))
    }

    func testLabelOptionDrawsOneDigit() throws {
        let run = try LessonRunner.run("Lesson09", ["--quick", "--label", "7"])
        XCTAssertEqual(run.status, 0, run.stderr)
        let grid = try run.csv("digits_on_demand.csv")
        XCTAssertEqual(Set(grid.column("row_label")), ["asked for 7"])
    }

    func testBadOptionsAndFilesAreOneLineErrors() throws {
        try LessonRunner.assertOneLineError("Lesson09", ["--quick", "--label", "12"], mentions: "--label")
        try LessonRunner.assertOneLineError("Lesson09", ["--quick", "--label", "-1"], mentions: "label")
        try LessonRunner.assertOneLineError("Lesson09", ["--quick", "--label", "seven"], mentions: "label")
        try LessonRunner.assertOneLineError("Lesson09", ["--quick", "--steps", "10"], mentions: "--train")
        let missing = FileManager.default.temporaryDirectory.appendingPathComponent("missing-\(UUID().uuidString).ckpt")
        try LessonRunner.assertOneLineError("Lesson09", ["--quick", "--checkpoint", missing.path], mentions: missing.lastPathComponent)
        // Lesson 07's unconditional model cannot draw a digit on demand.
        let unconditional = Self.shippedModel.deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Lesson07/model/digits.ckpt")
        try LessonRunner.assertOneLineError("Lesson09", ["--quick", "--checkpoint", unconditional.path], mentions: "class-conditional")
    }
}
