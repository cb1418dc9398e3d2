import Diffusion
import Foundation
import XCTest

/// Lesson 07: the shipped image model, the lesson's quick run and its errors.
final class ImageLessonTests: XCTestCase {
    /// The checkpoint in the lesson's folder, found from this file's place in the package.
    static let shippedModel = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Lessons/Lesson07/model/digits.ckpt")

    /// One quick run shared by the tests of this class.
    static let quickRun: LessonRun? = try? LessonRunner.run("Lesson07", ["--quick"])

    func testShippedModelLoadsWithTheDigitsArchitecture() throws {
        let url = Self.shippedModel
        let bytes = try XCTUnwrap(FileManager.default.attributesOfItem(atPath: url.path)[.size] as? Int)
        XCTAssertLessThan(bytes, 2_000_000, "the shipped model stays small")
        let saved = try SavedModel(contentsOf: url, dimension: 256)
        // It records what made it: the lesson's `--train` with the default seed, 2 threads.
        XCTAssertEqual(saved.formatVersion, 3)
        XCTAssertEqual(saved.provenance.dataset, "digits")
        XCTAssertEqual(saved.provenance.preset, .digits)
        var expected = TrainingConfiguration(preset: .digits, overrides: TrainingOverrides(seed: 2020))
        (expected.dimension, expected.threads) = (256, 2)
        XCTAssertEqual(saved.provenance.training?.configuration(schedule: saved.network.schedule), expected)
        let network = saved.network
        let digits = TrainingConfiguration.digits
        XCTAssertEqual(network.shape, digits.networkShape)
        XCTAssertEqual(network.shape.dimension, 256)
        XCTAssertEqual(network.schedule, digits.schedule)
        XCTAssertEqual(network.parameterCount, digits.networkShape.parameterCount(timesteps: 1000))
        // At t = T, x_T is almost pure noise (ᾱ_T ≈ 4·10⁻⁵), so a trained network's ε̂ is
        // x_T itself: their correlation is near 1. An untrained network's would be near 0.
        var rng = Xoshiro256(seed: 5)
        let noise = rng.gaussians(4 * 256)
        let eps = network.predictNoise(xt: noise, t: 1000, dimension: 256)
        XCTAssertGreaterThan(Moments.correlation(eps, noise), 0.99)
    }

    func testQuickRunJudgesGeneratedAndRealDigits() throws {
        let run = try XCTUnwrap(Self.quickRun)
        XCTAssertEqual(run.status, 0, run.stderr)
        XCTAssertTrue(run.stdout.contains("Loaded the image model from"), run.stdout)
        let quality = try run.csv("image_quality.csv")
        XCTAssertEqual(Array(quality.header.prefix(5)), ["source", "samples", "confident_share", "mean_confidence", "classes_present"])
        XCTAssertEqual(Array(quality.header.suffix(10)), (0..<10).map { "count_\($0)" })
        XCTAssertEqual(quality.column("source"), ["ddpm", "ddim", "real"])
        let real = quality.filter("source", "real")
        XCTAssertGreaterThan(real.numbers("confident_share").first ?? 0, 0.8, "the classifier knows real digits")
        for source in ["ddpm", "ddim"] {
            let row = quality.filter("source", source)
            let samples = try XCTUnwrap(row.numbers("samples").first)
            XCTAssertEqual(samples, 40)
            let counts = (0..<10).compactMap { row.numbers("count_\($0)").first }
            XCTAssertEqual(counts.reduce(0, +), samples, "every \(source) sample gets a label")
            // The shipped model draws digits the classifier recognizes (79% of DDPM's and 72% of
            // DDIM's in a full run), of many kinds; an untrained one draws none.
            XCTAssertGreaterThan(row.numbers("confident_share").first ?? 0, 0.3, source)
            XCTAssertGreaterThanOrEqual(row.numbers("classes_present").first ?? 0, 7, source)
        }
        XCTAssertTrue(run.stdout.contains("classifier accuracy on the 1000 held-out real images"))
        // Twins from the same x_T: DDPM again with other noise (on half the chains), and DDIM; beside each, Σ_k p_k q_k.
        let twins = try run.csv("twins.csv")
        XCTAssertEqual(twins.header, ["pair", "agreement", "independent_rate"])
        XCTAssertEqual(twins.column("pair"), ["ddpm-ddpm", "ddpm-ddim"])
        for value in twins.numbers("agreement") + twins.numbers("independent_rate") { XCTAssertTrue((0...1).contains(value), "\(value)") }
        // Σ_k p_k q_k ≤ max_k p_k: well under 1 for labels spread over many classes, and above 0 when the runs share one.
        XCTAssertTrue(twins.numbers("independent_rate").allSatisfy { $0 > 0.02 && $0 < 0.6 })
        XCTAssertTrue(run.stdout.contains("x_T hardly decides the digit") || run.stdout.contains("x_T still carries part of the digit"))
        for name in ["digits", "forward_linear", "forward_cosine", "samples", "x0_predictions", "reverse_animation", "image_quality"] {
            XCTAssertTrue(run.exists(name + ".png") && run.exists(name + ".csv"), name)
        }
        // The sample grid's CSV: one row per tile with its 256 pixels, all in [−1, 1] (x̂₀ is clipped).
        let samples = try run.csv("samples.csv")
        XCTAssertEqual(samples.rows.count, 4 * 10)
        let pixels = (0..<256).flatMap { samples.numbers("pixel_\($0)") }
        XCTAssertEqual(pixels.count, 40 * 256)
        XCTAssertLessThanOrEqual(pixels.map(abs).max() ?? 9, 1 + 1e-9)
    }

    /// The parts of the network: the time embedding, a block's time bias, the U-Net's maps.
    func testQuickRunShowsTheNetworksParts() throws {
        let run = try XCTUnwrap(Self.quickRun)
        XCTAssertEqual(run.status, 0, run.stderr)
        for name in ["time_embedding", "time_bias", "unet_features"] {
            XCTAssertTrue(run.exists(name + ".png") && run.exists(name + ".csv"), name)
        }
        // ‖PE(t + k) − PE(t)‖/√(2h) = √(Σ_i 2(1 − cos ω_i k)/(2h)): at k = 1 only ω_0 = 1 and its
        // neighbours count; even spacing is far ahead of the geometric one at small gaps.
        let embedding = try run.csv("time_embedding.csv")
        XCTAssertEqual(embedding.rows.count, 1000)
        let geometric = embedding.numbers("distance_geometric"), even = embedding.numbers("distance_even")
        XCTAssertGreaterThan(even[2], 0.9)
        XCTAssertLessThan(geometric[2], 0.6)
        XCTAssertGreaterThan(geometric[99], geometric[0] * 3)
        // The time bias: one row per t, one column per channel of the first block (32).
        let bias = try run.csv("time_bias.csv")
        XCTAssertEqual(bias.rows.count, 1000)
        XCTAssertEqual(bias.header.count, 1 + 32)
        // The feature grid: 4 image tiles, then 4 rows of 8 maps, each map scaled to |value| ≤ 1 with a 1 in it.
        let features = try run.csv("unet_features.csv")
        XCTAssertEqual(features.rows.count, 4 + 4 * 8)
        let maps = features.rows.filter { $0.first != "0" }
        XCTAssertEqual(maps.count, 32)
        for map in maps {
            let pixels = map.suffix(256).compactMap(Double.init)
            XCTAssertEqual(pixels.count, 256)
            XCTAssertEqual(pixels.map(abs).max() ?? 0, 1, accuracy: 1e-12)
        }
    }

    /// KID on the classifier's features: real held-out digits near 0, a set of one digit far above.
    func testQuickRunScoresKID() throws {
        let run = try XCTUnwrap(Self.quickRun)
        XCTAssertEqual(run.status, 0, run.stderr)
        let kid = try run.csv("kid.csv")
        XCTAssertEqual(kid.header, ["source", "samples", "kid", "kid_std"])
        XCTAssertEqual(kid.column("source"), ["ddpm", "ddim", "real", "real_1s_only"])
        XCTAssertTrue(kid.numbers("kid_std").allSatisfy { $0 > 0 })
        let real = try XCTUnwrap(kid.filter("source", "real").numbers("kid").first)
        let spread = try XCTUnwrap(kid.filter("source", "real").numbers("kid_std").first)
        XCTAssertLessThan(abs(real), 3 * spread, "the floor: an unbiased estimate of 0")
        XCTAssertGreaterThan(try XCTUnwrap(kid.filter("source", "real_1s_only").numbers("kid").first), 10 * spread,
                             "a set of 1s only is far from the data")
        // Both kernels, both estimates: for real digits the all-pairs estimates sit above the unbiased ones.
        let kernels = try run.csv("mmd_kernels.csv").filter("source", "real")
        for kernel in ["cubic", "energy"] {
            let biased = try XCTUnwrap(kernels.numbers(kernel + "_biased").first), unbiased = try XCTUnwrap(kernels.numbers(kernel + "_unbiased").first)
            XCTAssertGreaterThan(biased, 0, kernel)
            XCTAssertGreaterThan(biased, unbiased, kernel)
        }
    }

    /// The recipe's table ships with the lesson; its options are checked before anything is written.
    func testRecipeTableIsShownAndItsOptionsChecked() throws {
        let run = try XCTUnwrap(Self.quickRun)
        XCTAssertTrue(run.stdout.contains("The Keras DDIM recipe, measured"), run.stdout)
        for variant in ["baseline", "raw_weights", "angle_schedule", "normalizer"] {
            XCTAssertTrue(run.stdout.contains(variant), variant)
        }
        XCTAssertFalse(run.exists("recipe.csv"), "without --recipe nothing is trained")
        try LessonRunner.assertOneLineError("Lesson07", ["--quick", "--recipe-steps", "10"], mentions: "--recipe")
        try LessonRunner.assertOneLineError("Lesson07", ["--quick", "--recipe", "--recipe-steps", "0"], mentions: "--recipe-steps")
    }

    func testBadFilesAndOptionsAreOneLineErrors() throws {
        let broken = FileManager.default.temporaryDirectory.appendingPathComponent("broken-\(UUID().uuidString)-idx3-ubyte")
        try Data("not an IDX file at all".utf8).write(to: broken)
        try LessonRunner.assertOneLineError("Lesson07", ["--quick", "--idx", broken.path], mentions: broken.lastPathComponent)
        try LessonRunner.assertOneLineError("Lesson07", ["--quick", "--idx-labels", broken.path], mentions: "--idx")
        try LessonRunner.assertOneLineError("Lesson07", ["--quick", "--steps", "10"], mentions: "--train")
        let missing = FileManager.default.temporaryDirectory.appendingPathComponent("missing-\(UUID().uuidString).ckpt")
        try LessonRunner.assertOneLineError("Lesson07", ["--quick", "--checkpoint", missing.path], mentions: missing.lastPathComponent)
        // A 2D network is not an image model.
        let pointModel = FileManager.default.temporaryDirectory.appendingPathComponent("points-\(UUID().uuidString).ckpt")
        var configuration = TrainingConfiguration.default
        configuration.steps = 1
        var rng = Xoshiro256(seed: 1)
        let trainer = try Trainer(configuration: configuration, data: Toy2D.ring.sample(count: 64, using: &rng))
        try trainer.train()
        try trainer.model.save(to: pointModel)
        try LessonRunner.assertOneLineError("Lesson07", ["--quick", "--checkpoint", pointModel.path], mentions: "256")
        // A corrupt checkpoint, and a folder that cannot hold the trained model.
        var bytes = try Data(contentsOf: Self.shippedModel)
        bytes[bytes.count / 2] ^= 0xFF
        let corrupt = FileManager.default.temporaryDirectory.appendingPathComponent("corrupt-\(UUID().uuidString).ckpt")
        try bytes.write(to: corrupt)
        try LessonRunner.assertOneLineError("Lesson07", ["--quick", "--checkpoint", corrupt.path], mentions: "checksum")
        try LessonRunner.assertOneLineError("Lesson07", ["--quick", "--train", "--checkpoint", "/nonexistent/digits.ckpt"], mentions: "/nonexistent")
        try LessonRunner.assertOneLineError("Lesson07", ["--quick", "--train", "--checkpoint", FileManager.default.temporaryDirectory.path],
                                            mentions: "is a folder")
    }
}
