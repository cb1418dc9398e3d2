import ExerciseChecks
import Foundation
import XCTest

/// `--mine` in Lessons 07 and 09, in the three states of `MineLessonTests`: not attempted (the
/// same CSVs as without `--mine`), right (`WORKBOOK_REFERENCE=1`: ✓ and the same CSVs) and wrong
/// (`WORKBOOK_MISTAKE`: ✗ with the mistake named, and the wrong values drawn or printed).
extension LessonRun {
    /// The CSVs the run wrote, by name, less `skipping`.
    func csvs(skipping: Set<String> = []) throws -> [String: String] {
        let names = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".csv") && !skipping.contains($0) }
        return try Dictionary(uniqueKeysWithValues: names.map {
            ($0, try String(contentsOf: folder.appendingPathComponent($0), encoding: .utf8))
        })
    }
}

final class MineLaterLessonsTests: XCTestCase {
    func csvs(_ run: LessonRun, skipping: Set<String> = []) throws -> [String: String] { try run.csvs(skipping: skipping) }

    func requireNotAttempted(_ entries: [ExerciseEntry], _ names: [String]) throws {
        for entry in entries where names.contains(entry.name) && entry.checkStudent() != .notAttempted {
            throw XCTSkip("\(entry.name) is answered in Sources/Exercises")
        }
    }

    func testLesson07ThreeStates() throws {
        try requireNotAttempted(Lesson07Catalog.all, ["sinusoidalEmbedding", "clippedPosteriorMean"])
        let runs = try LessonRunner.runTogether([
            .init(lesson: "Lesson07", arguments: ["--quick"]),
            .init(lesson: "Lesson07", arguments: ["--quick", "--mine"]),
            .init(lesson: "Lesson07", arguments: ["--quick", "--mine"], environment: ["WORKBOOK_REFERENCE": "1"]),
            .init(lesson: "Lesson07", arguments: ["--quick", "--mine"], environment: ["WORKBOOK_MISTAKE": "sinusoidalEmbedding: the cosines come first"]),
        ])
        let (plain, fresh, right, wrong) = (runs[0], runs[1], runs[2], runs[3])
        for run in [plain, fresh, right] { XCTAssertEqual(run.status, 0, run.stderr) }
        let reference = try csvs(plain)
        XCTAssertGreaterThanOrEqual(reference.count, 10)
        XCTAssertEqual(try csvs(fresh), reference, "--mine on a fresh checkout draws the reference")
        XCTAssertEqual(try csvs(right), reference, "a right answer draws the reference's numbers")
        for name in ["sinusoidalEmbedding", "clippedPosteriorMean"] {
            XCTAssertTrue(fresh.stdout.contains("\(name): not attempted yet, so this cell uses the reference"), fresh.stdout)
            XCTAssertTrue(right.stdout.contains("✓ \(name): yours matches the reference on this cell's"), right.stdout)
        }
        XCTAssertFalse(fresh.stdout.contains("(your code)") || plain.stdout.contains("not attempted yet"))
        XCTAssertTrue(right.stdout.contains("The parts of the network: the time embedding (your code)"), right.stdout)
        XCTAssertTrue(right.stdout.contains("What the network believes along one chain (your code)"), right.stdout)

        // Cosines first: the figure's "sines" are cosines, ω_i = 10000^(−i/(h−1)) with h = d/2.
        XCTAssertEqual(wrong.status, 0, wrong.stderr)
        XCTAssertTrue(wrong.stdout.contains("✗ sinusoidalEmbedding: yours differs from the reference, first at t = "), wrong.stdout)
        XCTAssertTrue(wrong.stdout.contains("Likely mistake: the cosines come first"), wrong.stdout)
        let table = try wrong.csv("time_embedding.csv")
        let h = 16.0, omega = pow(10_000, -3 / (h - 1))
        for (t, value) in zip(table.numbers("t_or_k"), table.numbers("sin_omega_3_t")) where Int(t) % 97 == 1 {
            XCTAssertEqual(value, cos(omega * t), accuracy: 1e-12, "t = \(t)")
        }
        XCTAssertEqual(try csvs(wrong)["x0_predictions.csv"], reference["x0_predictions.csv"], "the chain cell stays the reference's")
        try LessonRunner.assertOneLineError("Lesson07", ["--quick", "--mine"], mentions: "WORKBOOK_MISTAKE",
                                            environment: ["WORKBOOK_MISTAKE": "clippedPosteriorMean: nope"])
    }

    /// The ε̃ line of the first cell: (ε̃, its finite-difference check), each a pair.
    func probeLine(_ stdout: String) -> (String, String)? {
        guard let line = stdout.split(separator: "\n").first(where: { $0.contains("w = 2: ε̃ = (") }) else { return nil }
        let pair = { (text: String) in text.components(separatedBy: ")")[0] }
        return (pair(line.components(separatedBy: "ε̃ = (")[1]), pair(line.components(separatedBy: " = (").last!))
    }

    func testLesson09ThreeStates() throws {
        try requireNotAttempted(Lesson09Catalog.all, ["guidedNoise", "dropLabels", "classifierGuidedNoise"])
        let runs = try LessonRunner.runTogether([
            .init(lesson: "Lesson09", arguments: ["--quick"]),
            .init(lesson: "Lesson09", arguments: ["--quick", "--mine"]),
            .init(lesson: "Lesson09", arguments: ["--quick", "--mine"], environment: ["WORKBOOK_REFERENCE": "1"]),
            .init(lesson: "Lesson09", arguments: ["--quick", "--mine"], environment: ["WORKBOOK_MISTAKE": "guidedNoise: (1 + w) and w swapped"]),
        ])
        let (plain, fresh, right, wrong) = (runs[0], runs[1], runs[2], runs[3])
        for run in [plain, fresh, right] { XCTAssertEqual(run.status, 0, run.stderr) }
        let reference = try csvs(plain, skipping: [])
        XCTAssertGreaterThanOrEqual(reference.count, 4)
        XCTAssertEqual(try csvs(fresh, skipping: []), reference)
        XCTAssertEqual(try csvs(right, skipping: []), reference)
        for name in ["guidedNoise", "dropLabels", "classifierGuidedNoise"] {
            XCTAssertTrue(fresh.stdout.contains("\(name): not attempted yet, so this cell uses the reference"), fresh.stdout)
            XCTAssertTrue(right.stdout.contains("✓ \(name): yours matches the reference on this cell's"), right.stdout)
        }
        XCTAssertTrue(right.stdout.contains("Conditioning on the component (your code)"), right.stdout)
        XCTAssertFalse(plain.stdout.contains("not attempted yet") || plain.stdout.contains("label dropout as in"))

        XCTAssertEqual(wrong.status, 0, wrong.stderr)
        XCTAssertTrue(wrong.stdout.contains("✗ guidedNoise: yours differs from the reference, first at w = 2"), wrong.stdout)
        XCTAssertTrue(wrong.stdout.contains("Likely mistake: (1 + w) and w swapped"), wrong.stdout)
        // Right, the printed ε̃ agrees with the finite differences of the tilted density; wrong, it does not.
        let rightProbe = try XCTUnwrap(probeLine(right.stdout)), wrongProbe = try XCTUnwrap(probeLine(wrong.stdout))
        XCTAssertEqual(rightProbe.0, rightProbe.1)
        XCTAssertEqual(wrongProbe.1, rightProbe.1)
        XCTAssertNotEqual(wrongProbe.0, wrongProbe.1)
        // The exact ring cell samples with the wrong combination; the network's row stays the module's.
        let plainSamples = try plain.csv("guidance_samples.csv"), wrongSamples = try wrong.csv("guidance_samples.csv")
        XCTAssertNotEqual(plainSamples.filter("denoiser", "exact").numbers("x"), wrongSamples.filter("denoiser", "exact").numbers("x"))
        XCTAssertEqual(plainSamples.filter("denoiser", "network").numbers("x"), wrongSamples.filter("denoiser", "network").numbers("x"))
        XCTAssertTrue(right.stdout.contains("Guidance on the ring, exactly (your code)"), right.stdout)
        try LessonRunner.assertOneLineError("Lesson09", ["--quick", "--mine"], mentions: "WORKBOOK_MISTAKE",
                                            environment: ["WORKBOOK_MISTAKE": "dropLabels: nope"])
    }
}
