import Diffusion
import Foundation
import TrainedModels
import XCTest

/// Runs the training and sampling lessons with `--quick`: Lesson 04 trains and saves a
/// checkpoint, Lessons 05 and 06 load it. Checks the numbers they wrote and their errors.
final class SamplingLessonTests: XCTestCase {
    /// The folder the lessons of this class write into, each in its own `LessonNN` folder.
    static let root = FileManager.default.temporaryDirectory.appendingPathComponent("workbook-runs-\(UUID().uuidString)")
    /// One quick training run shared by the tests of this class, into `root/Lesson04`.
    static let trained: LessonRun? = try? LessonRunner.run(
        "Lesson04", ["--quick", "--steps", "400", "--output", root.appendingPathComponent("Lesson04").path])

    var checkpoint: String { Self.trained!.folder.appendingPathComponent("model.ckpt").path }

    func testTrainingLessonWritesLossCurveFloorAndCheckpoint() throws {
        let run = try XCTUnwrap(Self.trained)
        XCTAssertEqual(run.status, 0, run.stderr)
        let training = try run.csv("training.csv")
        XCTAssertEqual(Array(training.header.prefix(2)), ["step", "loss"])
        XCTAssertEqual(training.numbers("step"), (1...400).map(Double.init))
        let losses = training.numbers("loss")
        XCTAssertLessThan(Array(losses.suffix(50)).reduce(0, +) / 50, Array(losses.prefix(10)).reduce(0, +) / 10,
                          "the loss falls during training")
        let perT = try run.csv("loss_per_t.csv")
        let trainedLoss = perT.numbers("trained_loss"), floor = perT.numbers("ideal_floor")
        XCTAssertEqual(trainedLoss.count, floor.count)
        XCTAssertFalse(floor.isEmpty)
        // The floor is the Bayes error: the network's mean over t cannot be far below it.
        XCTAssertGreaterThan(trainedLoss.reduce(0, +), 0.95 * floor.reduce(0, +))
        XCTAssertTrue(run.exists("model.ckpt"))
        XCTAssertTrue(run.exists("eps_field.png"))
        XCTAssertTrue(run.stdout.contains("saved the EMA weights"))
        // The checkpoint says what made it.
        let saved = try SavedModel(contentsOf: URL(fileURLWithPath: checkpoint))
        XCTAssertEqual(saved.provenance.dataset, "ring")
        XCTAssertEqual(saved.provenance.preset, .default)
        XCTAssertEqual(saved.provenance.steps, 400)
        XCTAssertEqual(saved.provenance.seed, 2020)
        XCTAssertEqual(saved.provenance.training?.configuration(schedule: saved.network.schedule),
                       TrainingConfiguration(preset: .default, overrides: TrainingOverrides(steps: 400, seed: 2020)))
        XCTAssertLessThan(abs(try XCTUnwrap(saved.provenance.date).timeIntervalSinceNow), 3600)
        XCTAssertFalse(saved.provenance.isConditional)
    }

    /// Lesson 05 run with `--output X/Lesson05` after Lesson 04 with `--output X/Lesson04`
    /// loads that model, names it, and scores against the data it learned.
    func testSamplingLessonFindsLesson04sModelBesideItsOutputFolder() throws {
        XCTAssertEqual(Self.trained?.status, 0)
        let run = try LessonRunner.run("Lesson05", ["--quick", "--output", Self.root.appendingPathComponent("Lesson05").path])
        XCTAssertEqual(run.status, 0, run.stderr)
        // Narration wraps at spaces; read it as one line.
        let text = run.stdout.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        XCTAssertTrue(text.contains("Loaded the trained network from \(checkpoint) "), run.stdout)
        XCTAssertTrue(text.contains("trained on ring"), run.stdout)
        XCTAssertFalse(text.contains("does not record"), run.stdout)
        XCTAssertFalse(text.contains("No checkpoint"))
    }

    func testLesson04ModelIsLookedForBesideTheOutputFolderThenAtTheDefault() {
        XCTAssertEqual(Lesson04Model.candidates(output: "runs/s7/Lesson05"), ["runs/s7/Lesson04/model.ckpt", "output/Lesson04/model.ckpt"])
        XCTAssertEqual(Lesson04Model.candidates(output: "/tmp/x/Lesson06/"), ["/tmp/x/Lesson04/model.ckpt", "output/Lesson04/model.ckpt"])
        XCTAssertEqual(Lesson04Model.candidates(output: nil), ["output/Lesson04/model.ckpt"])
        XCTAssertEqual(Lesson04Model.candidates(output: "output/Lesson05"), ["output/Lesson04/model.ckpt"])
    }

    /// A model that does not record its data (formats 1 and 2) is taken to be the ring,
    /// and the lesson says so.
    func testAModelWithoutItsDatasetSaysSo() throws {
        let network = try SavedModel(contentsOf: URL(fileURLWithPath: checkpoint)).network
        let unknown = Lesson04Model.dataset(of: SavedModel(network: network, provenance: ModelProvenance()), path: "old.ckpt")
        XCTAssertEqual(unknown.dataset, .ring)
        XCTAssertTrue(unknown.note?.contains("old.ckpt (format 3) does not record the data it learned") == true, unknown.note ?? "")
        let known = Lesson04Model.dataset(of: SavedModel(network: network, provenance: ModelProvenance(dataset: "moons")), path: "new.ckpt")
        XCTAssertEqual(known.dataset, .moons)
        XCTAssertNil(known.note)
    }

    func testTrainingLessonDerivesTheBoundAndComputesIt() throws {
        let run = try XCTUnwrap(Self.trained)
        let weights = try run.csv("vlb_weights.csv")
        XCTAssertEqual(weights.header, ["schedule", "t", "beta", "alpha_bar", "weight_sigma_beta", "weight_sigma_beta_tilde"])
        let linear = weights.filter("schedule", "linear")
        XCTAssertEqual(linear.numbers("t"), (1...1000).map(Double.init))
        XCTAssertEqual(linear.column("weight_sigma_beta_tilde").first, "inf", "β̃_1 = 0 makes the weight infinite")
        // λ_1 = 1/(2 α_1) with σ² = β_1 = 10⁻⁴.
        XCTAssertEqual(linear.numbers("weight_sigma_beta").first ?? 0, 1 / (2 * (1 - 1e-4)), accuracy: 1e-9)
        XCTAssertEqual(Set(weights.column("schedule")), ["linear", "cosine"])
        XCTAssertTrue(run.stdout.contains("eq. 12 holds to"), run.stdout)
        let terms = try run.csv("vlb_terms.csv")
        XCTAssertEqual(terms.header, ["t", "term_ideal", "term_trained"])
        XCTAssertEqual(terms.rows.count, 1000)
        // L_0 of a Gaussian decoder with variance β_1 = 10⁻⁴ is negative; every KL term is not.
        XCTAssertLessThan(terms.numbers("term_ideal")[0], -2)
        XCTAssertTrue(terms.numbers("term_ideal").dropFirst().allSatisfy { $0 >= 0 })
        XCTAssertTrue(run.stdout.contains("entropy H of the ring"), run.stdout)
        XCTAssertTrue(run.exists("vlb_weights.png") && run.exists("vlb_terms.png"))
    }

    func testTrainingLessonRejectsBadOptions() throws {
        try LessonRunner.assertOneLineError("Lesson04", ["--steps", "0"], mentions: "--steps")
        try LessonRunner.assertOneLineError("Lesson04", ["--steps=-5"], mentions: "--steps")
        try LessonRunner.assertOneLineError("Lesson04", ["--learning-rate", "0"], mentions: "--learning-rate")
        try LessonRunner.assertOneLineError("Lesson04", ["--model", "transformer"], mentions: "transformer")
        try LessonRunner.assertOneLineError("Lesson04", ["--preset", "digits"], mentions: "digits")
    }

    func testDDPMLessonScoresEveryDenoiser() throws {
        let run = try LessonRunner.run("Lesson05", ["--quick", "--checkpoint", checkpoint])
        XCTAssertEqual(run.status, 0, run.stderr)
        XCTAssertTrue(run.stdout.contains("Loaded the trained network"), run.stdout)
        XCTAssertFalse(run.stdout.contains("No checkpoint"))
        let quality = try run.csv("quality.csv")
        XCTAssertEqual(Array(quality.header.prefix(4)), ["denoiser", "variance", "energy_distance", "floor"])
        XCTAssertEqual(Set(quality.column("denoiser")), ["trained", "ideal", "tutorial2d"])
        XCTAssertEqual(Set(quality.column("variance")), ["beta", "beta-tilde"])
        // The ideal denoiser samples the ring almost exactly; the tutorial's network, trained
        // for 300 steps here, does far worse.
        let ideal = quality.filter("denoiser", "ideal").numbers("ratio_to_expected_floor")
        let tutorial = quality.filter("denoiser", "tutorial2d").numbers("ratio_to_expected_floor")
        XCTAssertLessThan(ideal.max() ?? 99, 3)
        XCTAssertGreaterThan(tutorial.min() ?? 0, 2 * (ideal.max() ?? 99))
        // Clipping x̂_0 to [−1, 1] cuts into the ring (radius 1); a box around the data does not.
        let clipping = try run.csv("clipping.csv").filter("denoiser", "ideal")
        let clipped = clipping.filter("clip_to", "±1").numbers("ratio_to_expected_floor").first ?? 0
        let unclipped = clipping.filter("clip_to", "none").numbers("ratio_to_expected_floor").first ?? 99
        XCTAssertGreaterThan(clipped, unclipped)
        // Every value clamped at the last step lands on ±1 (up to rounding): none outside, some on the edge.
        XCTAssertEqual(clipping.filter("clip_to", "±1").numbers("fraction_outside_unit_box"), [0])
        XCTAssertGreaterThan(clipping.filter("clip_to", "±1").numbers("fraction_on_unit_box_edge").first ?? 0, 0)
        // The ideal denoiser on the tutorial's schedule starts too wide and ends near q(x_0)'s variance.
        let variance = try run.csv("tutorial_variance.csv")
        let excess = zip(variance.numbers("sample_variance"), variance.numbers("forward_variance")).map { $0 - $1 }
        XCTAssertGreaterThan(excess.first ?? 0, 0.2)
        XCTAssertLessThan(abs(excess.last ?? 1), 0.1 * (excess.first ?? 0))
        for name in ["reverse", "trajectories", "quality", "reverse_animation"] {
            XCTAssertTrue(run.exists(name + ".png") && run.exists(name + ".csv"), name)
        }
    }

    func testDDIMLessonWritesTable1AndIsDeterministic() throws {
        let run = try LessonRunner.run("Lesson06", ["--quick", "--checkpoint", checkpoint])
        XCTAssertEqual(run.status, 0, run.stderr)
        let table = try run.csv("ddim_table.csv")
        XCTAssertEqual(Array(table.header.prefix(7)), ["denoiser", "steps", "eta", "energy_distance", "floor", "model_calls", "seconds"])
        XCTAssertEqual(table.rows.count, 2 * 5 * 4)
        XCTAssertEqual(Set(table.column("steps")), ["10", "20", "50", "100", "1000"])
        XCTAssertEqual(table.numbers("steps"), table.numbers("model_calls"))
        // The ideal denoiser: at S = 10 every η is worse than at S = 1000.
        let ideal = table.filter("denoiser", "ideal")
        let few = ideal.filter("steps", "10").numbers("energy_distance"), all = ideal.filter("steps", "1000").numbers("energy_distance")
        XCTAssertGreaterThan(few.min() ?? 0, all.max() ?? 1)
        XCTAssertTrue(run.stdout.contains("η = 0: largest difference between the two runs 0 "), run.stdout)
        let roundTrip = try run.csv("round_trip.csv").numbers("rms_error")
        // Even a briefly trained network's ODE is solved better with more steps.
        XCTAssertLessThan((roundTrip.last ?? 1) * 10, roundTrip.first ?? 0, "the round trip improves with more steps")
        XCTAssertLessThan(roundTrip.last ?? 1, 0.1)
        // DDIM's forward processes keep DDPM's marginals for every η, on T steps and on S = 10.
        let marginals = try run.csv("marginals.csv")
        XCTAssertEqual(marginals.header, ["eta", "steps", "t", "mean_error_in_se", "variance_ratio"])
        XCTAssertEqual(Set(marginals.column("eta")), ["0.0", "0.5", "1.0"])
        XCTAssertEqual(marginals.rows.count, 3 * (1000 + 10))
        XCTAssertTrue(marginals.numbers("variance_ratio").allSatisfy { abs($0 - 1) < 0.25 })
        XCTAssertTrue(marginals.numbers("mean_error_in_se").allSatisfy { abs($0) < 5 })
        // The same x_T decoded with more steps lands closer to the S = T result.
        let consistency = try run.csv("consistency.csv").numbers("mean_distance_to_full")
        XCTAssertEqual(consistency.count, 4)
        XCTAssertLessThan(consistency.last ?? 1, consistency.first ?? 0)
        XCTAssertTrue(run.exists("marginals.png") && run.exists("consistency.png"))
    }

    func testSamplingLessonsRejectBadOptionsAndCheckpoints() throws {
        try LessonRunner.assertOneLineError("Lesson06", ["--checkpoint", checkpoint, "--eta=-1"], mentions: "η")
        try LessonRunner.assertOneLineError("Lesson06", ["--checkpoint", checkpoint, "--eta", "3"], mentions: "η")
        try LessonRunner.assertOneLineError("Lesson06", ["--checkpoint", checkpoint, "--steps", "0"], mentions: "step")
        try LessonRunner.assertOneLineError("Lesson06", ["--checkpoint", checkpoint, "--steps", "5000"], mentions: "5000")
        try LessonRunner.assertOneLineError("Lesson05", ["--checkpoint", checkpoint, "--schedule", "cosine"], mentions: "cosine")
        let broken = FileManager.default.temporaryDirectory.appendingPathComponent("broken-\(UUID().uuidString).ckpt")
        var bytes = try Data(contentsOf: URL(fileURLWithPath: checkpoint))
        bytes[bytes.count / 2] ^= 0xFF
        try bytes.write(to: broken)
        try LessonRunner.assertOneLineError("Lesson05", ["--checkpoint", broken.path], mentions: broken.lastPathComponent)
        try LessonRunner.assertOneLineError("Lesson05", ["--checkpoint", "/nonexistent/model.ckpt"], mentions: "/nonexistent/model.ckpt")
        try LessonRunner.assertOneLineError("Lesson05", ["--checkpoint", ImageLessonTests.shippedModel.path], mentions: "256")
    }
}
