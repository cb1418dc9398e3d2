import FileSupport
import XCTest
@testable import Diffusion

/// Saving and loading networks: the round trip is exact, and every kind of bad file is
/// refused with its own one-line error.
final class NetworkCheckpointTests: XCTestCase {
    var directory: URL!

    override func setUpWithError() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("NetworkCheckpointTests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(at: directory)
    }

    /// A small trained network on the cosine schedule: for 2D points, or for 4 × 4 images
    /// when it is the convolutional network.
    func trainedNetwork(kind: ModelKind = .residual) throws -> NoiseNetwork {
        var configuration = TrainingConfiguration(
            model: kind, width: 16, depth: 1, timeEmbeddingDimension: 8, schedule: NoiseSchedule(.cosine, timesteps: 20),
            steps: 5, batchSize: 32, learningRate: 1e-3, emaDecay: 0.5, clipNorm: 1)
        var rng = Xoshiro256(seed: 1)
        if kind == .convolutional {
            (configuration.dimension, configuration.timeInEveryBlock) = (16, true)
            let trainer = try Trainer(configuration: configuration, samples: rng.gaussians(16 * 50))
            try trainer.train()
            return trainer.model
        }
        let trainer = try Trainer(configuration: configuration, data: Toy2D.moons.sample(count: 100, using: &rng))
        try trainer.train()
        return trainer.model
    }

    func testRoundTripKeepsShapeScheduleAndPredictions() throws {
        for kind in ModelKind.allCases {
            let network = try trainedNetwork(kind: kind)
            let url = directory.appendingPathComponent("\(kind).ckpt")
            try network.save(to: url)
            let loaded = try NoiseNetwork(contentsOf: url, expecting: kind, schedule: NoiseSchedule(.cosine, timesteps: 20))
            XCTAssertEqual(loaded.shape, network.shape)
            XCTAssertEqual(loaded.schedule, network.schedule)
            XCTAssertEqual(loaded.parameters, network.parameters)
            let d = network.shape.dimension
            let xt = (0..<(2 * d)).map { Double($0 % 7) / 3 - 1 }
            XCTAssertEqual(loaded.predictNoise(xt: xt, t: 7, dimension: d), network.predictNoise(xt: xt, t: 7, dimension: d))
        }
    }

    func testImageNetworksRecordTheirDimension() throws {
        var configuration = TrainingConfiguration(
            model: .residual, width: 16, depth: 1, timeEmbeddingDimension: 8, schedule: NoiseSchedule(.linear, timesteps: 10),
            steps: 3, batchSize: 8, learningRate: 1e-3, emaDecay: 0.5, clipNorm: 1)
        configuration.dimension = 16
        configuration.timeInEveryBlock = true
        var rng = Xoshiro256(seed: 2)
        let trainer = try Trainer(configuration: configuration, samples: rng.gaussians(16 * 20))
        try trainer.train()
        let network = trainer.model
        let url = directory.appendingPathComponent("image.ckpt")
        try network.save(to: url)
        let loaded = try NoiseNetwork(contentsOf: url, dimension: 16)
        XCTAssertEqual(loaded.shape, .residual(width: 16, depth: 1, timeEmbeddingDimension: 8, dimension: 16, timeInEveryBlock: true))
        let xt = rng.gaussians(2 * 16)
        XCTAssertEqual(loaded.predictNoise(xt: xt, t: 4, dimension: 16), network.predictNoise(xt: xt, t: 4, dimension: 16))
        XCTAssertThrowsError(try NoiseNetwork(contentsOf: url, dimension: 2)) { error in
            XCTAssertEqual(error as? CheckpointError, .dimensionMismatch(path: url.path, expected: 2, found: 16))
        }
    }

    /// `bytes` (a version 3 file) rewritten as the older `version` would have written it:
    /// without the provenance record (2), and without the data dimension and time-embedding
    /// flag (1); the checksum recomputed.
    func olderFile(_ bytes: [UInt8], version: UInt8) -> [UInt8] {
        var bytes = Array(bytes.dropLast(4))
        // magic, version, then the provenance as a UInt32 length and its bytes.
        var reader = ByteReader(bytes, offset: 12)
        let provenanceLength = Int(reader.read(UInt32.self, .littleEndian)!)
        bytes.removeSubrange(12..<(16 + provenanceLength))
        if version == 1 {
            // "residual" as length and bytes, then width, depth and embedding size.
            let dimensionField = 8 + 4 + 4 + "residual".utf8.count + 3 * 8
            XCTAssertEqual(Array(bytes[dimensionField..<(dimensionField + 16)]), [2, 0, 0, 0, 0, 0, 0, 0] + [0, 0, 0, 0, 0, 0, 0, 0])
            bytes.removeSubrange(dimensionField..<(dimensionField + 16))
        }
        bytes[8] = version
        bytes.append(CRC32.checksum(bytes), .littleEndian)
        return bytes
    }

    /// Files of format versions 1 and 2 still load, with nothing known of what made them;
    /// version 1 (before the data dimension and the time-embedding flag were recorded)
    /// loads as 2D, the time embedding at the input only.
    func testVersionOneAndTwoFilesLoadWithUnknownProvenance() throws {
        let network = try trainedNetwork()
        let provenance = ModelProvenance(dataset: "moons", preset: .default, date: Date(timeIntervalSince1970: 0))
        for version in [1, 2] as [UInt8] {
            let url = directory.appendingPathComponent("version\(version).ckpt")
            try Data(olderFile(network.checkpointBytes(provenance: provenance), version: version)).write(to: url)
            let loaded = try SavedModel(contentsOf: url)
            XCTAssertEqual(loaded.formatVersion, UInt32(version))
            XCTAssertEqual(loaded.provenance, ModelProvenance())
            XCTAssertNil(loaded.provenance.dataset)
            XCTAssertEqual(loaded.network.shape, network.shape)
            XCTAssertEqual(loaded.network.shape.dimension, 2)
            XCTAssertEqual(loaded.network.parameters, network.parameters)
            XCTAssertFalse(loaded.network.isConditional)
        }
    }

    /// Version 3 records the dataset, preset, full training configuration, date and
    /// conditioning, and reads them back exactly.
    func testProvenanceRoundTrips() throws {
        let network = try trainedNetwork()
        var configuration = TrainingConfiguration(preset: .default, overrides: TrainingOverrides(steps: 5, seed: 42))
        configuration.clipNorm = nil
        let date = Date(timeIntervalSince1970: 1_790_000_000)
        let url = directory.appendingPathComponent("model.ckpt")
        try SavedModel(network: network, provenance: ModelProvenance(dataset: "ring", preset: .default, training: configuration, date: date)).save(to: url)
        let loaded = try SavedModel(contentsOf: url)
        XCTAssertEqual(loaded.formatVersion, 3)
        XCTAssertEqual(loaded.provenance.dataset, "ring")
        XCTAssertEqual(loaded.provenance.preset, .default)
        XCTAssertEqual(loaded.provenance.date, date)
        XCTAssertEqual(loaded.provenance.seed, 42)
        XCTAssertEqual(loaded.provenance.steps, 5)
        XCTAssertFalse(loaded.provenance.isConditional)
        XCTAssertEqual(loaded.provenance.training?.configuration(schedule: configuration.schedule), configuration)
        XCTAssertEqual(loaded.network.parameters, network.parameters)
        // A loss weighting is recorded too; uniform weights are left out of the record.
        XCTAssertNil(loaded.provenance.training?.lossWeighting)
        configuration.lossWeighting = .minSNR(gamma: 5)
        try SavedModel(network: network, provenance: ModelProvenance(dataset: "ring", preset: .default, training: configuration, date: date)).save(to: url)
        XCTAssertEqual(try SavedModel(contentsOf: url).provenance.training?.configuration(schedule: configuration.schedule), configuration)

        // A class-conditional network records its classes in the provenance, whatever the
        // caller passed, and loads with them.
        let shape = network.shape.conditional(classes: 10)
        let labelled = NoiseNetwork(shape: shape, schedule: network.schedule,
                                    parameters: (0..<shape.parameterCount(timesteps: 20)).map { Float($0 % 7) / 100 })
        try labelled.save(to: url, provenance: ModelProvenance(dataset: "digits"))
        let reloaded = try SavedModel(contentsOf: url)
        XCTAssertEqual(reloaded.provenance.classes, 10)
        XCTAssertTrue(reloaded.provenance.isConditional)
        XCTAssertEqual(reloaded.network.shape, shape)
        XCTAssertEqual(reloaded.network.parameters, labelled.parameters)
        try network.save(to: url, provenance: ModelProvenance(dataset: "digits", classes: 10))
        XCTAssertFalse(try SavedModel(contentsOf: url).provenance.isConditional, "an unconditional network stays unconditional")
    }

    func testSavingReplacesTheFileAndLeavesNoTemporaryFiles() throws {
        let url = directory.appendingPathComponent("model.ckpt")
        try Data("old contents".utf8).write(to: url)
        try trainedNetwork().save(to: url)
        XCTAssertNoThrow(try NoiseNetwork(contentsOf: url))
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: directory.path), ["model.ckpt"])
    }

    /// Writes `bytes` to a file and returns the error loading it throws.
    func loadError(_ bytes: [UInt8], expecting kind: ModelKind? = nil, schedule: NoiseSchedule? = nil) -> CheckpointError? {
        let url = directory.appendingPathComponent("bad.ckpt")
        do {
            try Data(bytes).write(to: url)
            _ = try NoiseNetwork(contentsOf: url, expecting: kind, schedule: schedule)
            return nil
        } catch {
            return error as? CheckpointError
        }
    }

    func testBadFilesAreRefusedWithTheRightError() throws {
        let bytes = try trainedNetwork().checkpointBytes()
        let path = directory.appendingPathComponent("bad.ckpt").path

        XCTAssertEqual(loadError(Array("PNG image, not a checkpoint".utf8)), .notACheckpoint(path: path))
        var newer = bytes
        newer[8] = 4
        XCTAssertEqual(loadError(newer), .unsupportedVersion(path: path, found: 4, supported: 3))
        XCTAssertEqual(loadError(Array(bytes.dropLast(100))), .truncated(path: path))
        XCTAssertEqual(loadError(Array(bytes.prefix(30))), .truncated(path: path))
        var flipped = bytes
        flipped[bytes.count - 50] ^= 0x10
        XCTAssertEqual(loadError(flipped), .corrupted(path: path, reason: "checksum mismatch"))
        XCTAssertEqual(loadError(bytes + [0]), .corrupted(path: path, reason: "1 unexpected bytes at the end"))
        // A provenance record that is not JSON, with a valid checksum: only a crafted file has one.
        var crafted = Array(bytes.dropLast(4))
        crafted[16] = UInt8(ascii: "#")
        crafted.append(CRC32.checksum(crafted), .littleEndian)
        XCTAssertEqual(loadError(crafted), .corrupted(path: path, reason: "unreadable provenance record"))
        XCTAssertEqual(loadError(bytes, expecting: .tutorial), .kindMismatch(path: path, expected: .tutorial, found: "residual"))
        let other = NoiseSchedule(.linear, timesteps: 20)
        guard case .scheduleMismatch(_, let expected, let found)? = loadError(bytes, schedule: other) else {
            return XCTFail("A different schedule must be refused.")
        }
        XCTAssertTrue(expected.hasPrefix("linear schedule, T = 20"), expected)
        XCTAssertTrue(found.hasPrefix("cosine schedule, T = 20"), found)
        XCTAssertNil(loadError(bytes, expecting: .residual, schedule: NoiseSchedule(.cosine, timesteps: 20)))
    }

    func testMissingFilesAndFoldersGiveOneLineErrors() throws {
        let missing = directory.appendingPathComponent("nothing-here.ckpt")
        XCTAssertThrowsError(try NoiseNetwork(contentsOf: missing)) { error in
            guard case .unreadable(let path, _)? = error as? CheckpointError else { return XCTFail("\(error)") }
            XCTAssertEqual(path, missing.path)
        }
        let nowhere = directory.appendingPathComponent("no-such-folder/model.ckpt")
        XCTAssertThrowsError(try trainedNetwork().save(to: nowhere)) { error in
            guard let error = error as? CheckpointError, case .unwritable = error else { return XCTFail("\(error)") }
            XCTAssertFalse(error.description.contains("\n"))
            XCTAssertTrue(error.description.contains(nowhere.path))
        }
    }
}
