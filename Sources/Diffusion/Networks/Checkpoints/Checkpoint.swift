import FileSupport
import Foundation

/// Saving and loading a network's weights. The file (all numbers little-endian):
///
///     magic "DWNOISE1" (8 bytes) · format version (UInt32)
///     provenance (string: `ModelProvenance` as JSON)
///     model kind (string) · width, depth, time-embedding dimension, data dimension,
///     time in every block (1) or only at the input (0) (Int64 each)
///     schedule kind (string, "" if custom) · T (Int64) · β_1 … β_T (Float64 each)
///     parameter count (Int64) · θ (Float32 each, the EMA weights for a trained network)
///     CRC-32 of everything before it (UInt32)
///
/// Strings are a UInt32 byte count and UTF-8 bytes. Version 2 has no provenance (it loads
/// with every field of it unknown); version 1, from before networks for images, has
/// neither the provenance nor the last two sizes and is read as 2D with the time embedding
/// at the input only. A class-conditional network (`NetworkShape.labelClasses` = K > 0) is
/// one whose provenance records `classes` = K; files without it are unconditional. A velocity
/// network (flow matching) is one whose provenance records `flow` (`FlowRecord`): the same
/// layout, its schedule the training configuration's (only T, the size of the unused step
/// table, matters to it); files without it hold noise predictors, and each kind loads only
/// as itself. Writes
/// go to a temporary file in the
/// same directory, renamed over the target only when complete, so an interrupted save
/// never leaves a half-written checkpoint or spoils the previous one.
extension NoiseNetwork {
    static let checkpointMagic = Array("DWNOISE1".utf8)
    static let checkpointVersion: UInt32 = 3
    /// The versions this workbook reads.
    static let readableVersions: ClosedRange<UInt32> = 1...checkpointVersion

    /// The longest provenance record a checkpoint may hold, in bytes.
    static let provenanceLimit = 1 << 16

    /// The checkpoint's bytes.
    func checkpointBytes(provenance: ModelProvenance = ModelProvenance()) -> [UInt8] {
        var writer = BinaryWriter()
        for byte in Self.checkpointMagic { writer.write(byte) }
        writer.write(Self.checkpointVersion)
        var provenance = provenance
        provenance.classes = shape.labelClasses > 0 ? shape.labelClasses : nil
        writer.write(provenance.encoded())
        writer.write(shape.kind.rawValue)
        for size in [shape.width, shape.depth, shape.timeEmbeddingDimension, shape.dimension, shape.timeInEveryBlock ? 1 : 0] {
            writer.write(Int64(size))
        }
        writer.write(schedule.kind?.rawValue ?? "")
        writer.write(Int64(schedule.timesteps))
        for beta in schedule.betas { writer.write(beta) }
        writer.write(Int64(parameters.count))
        writer.write(parameters)
        writer.write(CRC32.checksum(writer.bytes))
        return writer.bytes
    }

    /// Saves the network and what made it to `url` atomically.
    /// - Parameters:
    ///   - url: Where to write; the folder must exist.
    ///   - provenance: What made the network (nothing known by default).
    /// - Throws: ``CheckpointError/unwritable(path:reason:)``.
    public func save(to url: URL, provenance: ModelProvenance = ModelProvenance()) throws {
        do {
            try AtomicFile.write(checkpointBytes(provenance: provenance), to: url)
        } catch let error as FileWriteError {
            throw CheckpointError.unwritable(path: url.path, reason: error.reason)
        }
    }

    /// Loads a network saved by `save(to:provenance:)`. With `kind`, `dimension` or
    /// `schedule`, the checkpoint must match them. Throws `CheckpointError` for an
    /// unreadable, foreign, outdated, truncated, corrupted or mismatched file.
    /// - Parameters:
    ///   - url: The checkpoint file.
    ///   - kind: The network kind it must hold, if any.
    ///   - dimension: The values per sample it must denoise, if any.
    ///   - expected: The schedule it must have been trained with, if any.
    public init(contentsOf url: URL, expecting kind: ModelKind? = nil, dimension: Int? = nil,
                schedule expected: NoiseSchedule? = nil) throws {
        self = try SavedModel(contentsOf: url, expecting: kind, dimension: dimension, schedule: expected).network
    }

    /// Reads the checkpoint at `url`: the network, what made it, and the file's format version.
    static func load(_ url: URL, expecting kind: ModelKind?, dimension: Int?, schedule expected: NoiseSchedule?,
                     velocity: Bool = false) throws -> (NoiseNetwork, ModelProvenance, UInt32) {
        let path = url.path
        let bytes: [UInt8]
        do {
            bytes = [UInt8](try Data(contentsOf: url))
        } catch {
            throw CheckpointError.unreadable(path: path, reason: error.localizedDescription)
        }
        return try load(checkpointBytes: bytes, path: path, expecting: kind, dimension: dimension, schedule: expected,
                        velocity: velocity)
    }

    /// Reads a checkpoint from its bytes; `path` names it in errors. It must hold a velocity
    /// network (flow matching) with `velocity`, a noise predictor without.
    static func load(checkpointBytes bytes: [UInt8], path: String, expecting kind: ModelKind?, dimension: Int?,
                     schedule expected: NoiseSchedule?, velocity: Bool = false) throws -> (NoiseNetwork, ModelProvenance, UInt32) {
        var reader = BinaryReader(bytes)
        // 1. Magic and version, before anything else is trusted.
        guard Self.checkpointMagic.allSatisfy({ reader.read(UInt8.self) == $0 }) else {
            throw CheckpointError.notACheckpoint(path: path)
        }
        guard let version = reader.read(UInt32.self) else { throw CheckpointError.truncated(path: path) }
        guard Self.readableVersions.contains(version) else {
            throw CheckpointError.unsupportedVersion(path: path, found: version, supported: Self.checkpointVersion)
        }
        // 2. The declared contents, all present; then the checksum over them.
        guard let contents = CheckpointContents(reading: &reader, version: version), let stored = reader.read(UInt32.self) else {
            throw CheckpointError.truncated(path: path)
        }
        guard reader.offset == bytes.count else {
            throw CheckpointError.corrupted(path: path, reason: "\(bytes.count - reader.offset) unexpected bytes at the end")
        }
        let computed = CRC32.checksum(bytes[..<(bytes.count - 4)])
        guard computed == stored else { throw CheckpointError.corrupted(path: path, reason: "checksum mismatch") }
        // 3. What the contents mean, and whether they are what the caller asked for.
        let (shape, schedule, provenance) = try contents.validated(path: path)
        if provenance.isVelocity != velocity {
            let velocityNetwork = "a velocity network v_θ (flow matching on the linear path)", noise = "a noise predictor ε_θ"
            throw CheckpointError.predictionMismatch(path: path, expected: velocity ? velocityNetwork : noise,
                                                     found: velocity ? noise : velocityNetwork)
        }
        if let problem = provenance.flow?.problem { throw CheckpointError.predictionMismatch(path: path,
                expected: "the linear path's velocity", found: problem) }
        if let kind, kind != shape.kind {
            throw CheckpointError.kindMismatch(path: path, expected: kind, found: shape.kind.rawValue)
        }
        if let dimension, dimension != shape.dimension {
            throw CheckpointError.dimensionMismatch(path: path, expected: dimension, found: shape.dimension)
        }
        if let expected, expected.betas != schedule.betas {
            throw CheckpointError.scheduleMismatch(path: path, expected: expected.checkpointSummary, found: schedule.checkpointSummary)
        }
        return (NoiseNetwork(shape: shape, schedule: schedule, parameters: contents.parameters), provenance, version)
    }
}

/// The fields of a checkpoint after the version, as read, before they are trusted.
private struct CheckpointContents {
    /// nil when the record is not valid JSON (possible only in a file crafted past its checksum).
    let provenance: ModelProvenance?
    let kind: String
    let sizes: [Int64]
    let scheduleKind: String
    let betas: [Double]
    let parameters: [Float]

    /// Reads the fields of a file of `version`; nil when the bytes run out first.
    init?(reading reader: inout BinaryReader, version: UInt32) {
        guard let provenance = version >= 3 ? reader.readString(limit: NoiseNetwork.provenanceLimit) : "",
              let kind = reader.readString(), let width = reader.read(Int64.self), let depth = reader.read(Int64.self),
              let embedding = reader.read(Int64.self), let dimension = version >= 2 ? reader.read(Int64.self) : 2,
              let everyBlock = version >= 2 ? reader.read(Int64.self) : 0,
              let scheduleKind = reader.readString(),
              let timesteps = reader.read(Int64.self), let betas = reader.readDoubles(timesteps),
              let count = reader.read(Int64.self), let parameters = reader.readFloats(count) else { return nil }
        (self.kind, self.scheduleKind, self.betas, self.parameters) = (kind, scheduleKind, betas, parameters)
        self.provenance = provenance.isEmpty ? ModelProvenance() : ModelProvenance.decoded(provenance)
        sizes = [width, depth, embedding, dimension, everyBlock]
    }

    /// The network shape, schedule and provenance these fields describe; throws `corrupted` when they
    /// contradict each other (possible only if the file was crafted past its checksum).
    func validated(path: String) throws -> (NetworkShape, NoiseSchedule, ModelProvenance) {
        func fail(_ reason: String) -> CheckpointError { .corrupted(path: path, reason: reason) }
        guard let provenance else { throw fail("unreadable provenance record") }
        guard let modelKind = ModelKind(rawValue: kind) else { throw fail("unknown model kind \(kind.debugDescription)") }
        guard sizes.allSatisfy({ $0 >= 0 && $0 <= 1 << 20 }) else { throw fail("impossible layer sizes") }
        let (width, depth, embedding, dimension) = (Int(sizes[0]), Int(sizes[1]), Int(sizes[2]), Int(sizes[3]))
        guard sizes[4] == 0 || sizes[4] == 1 else { throw fail("time-embedding flag \(sizes[4]), not 0 or 1") }
        if let classes = provenance.classes, !(1...(1 << 16)).contains(classes) { throw fail("\(classes) label classes") }
        let shape = NetworkShape(kind: modelKind, dimension: dimension, width: width, depth: modelKind == .tutorial ? 0 : depth,
                                 timeEmbeddingDimension: modelKind == .tutorial ? 0 : embedding, timeInEveryBlock: sizes[4] == 1,
                                 labelClasses: provenance.classes ?? 0)
        if let problem = shape.problem { throw fail(problem) }
        guard betas.count >= 2, betas.allSatisfy({ $0 > 0 && $0 <= 1 }) else { throw fail("invalid β schedule") }
        // Before the network is laid out to count its weights: it has at least width × E of
        // them (the layers reading PE(t)) and width × depth (the blocks), and its table of
        // PE(t), T × E floats, must stay below 2²⁶ (256 MB). So no size read from the file can
        // overflow or make the layout allocate more than the file's own weights justify.
        let (leastWeights, overflow) = shape.width.multipliedReportingOverflow(by: max(shape.timeEmbeddingDimension, shape.depth))
        guard !overflow, leastWeights <= parameters.count else { throw fail("\(parameters.count) weights cannot hold layers of those sizes") }
        guard betas.count <= (1 << 26) / max(shape.timeEmbeddingDimension, 1) else {
            throw fail("a time embedding of \(shape.timeEmbeddingDimension) values for each of \(betas.count) steps")
        }
        let schedule = NoiseSchedule(betas: betas, kind: ScheduleKind(rawValue: scheduleKind))
        guard parameters.count == shape.parameterCount(timesteps: betas.count) else {
            throw fail("\(parameters.count) weights for a network that has \(shape.parameterCount(timesteps: betas.count))")
        }
        guard parameters.allSatisfy(\.isFinite) else { throw fail("weights that are not finite") }
        return (shape, schedule, provenance)
    }
}

extension NoiseSchedule {
    /// "linear schedule, T = 1000, β from 0.0001 to 0.02", for error messages.
    var checkpointSummary: String {
        "\(kind?.rawValue ?? "custom") schedule, T = \(timesteps), β from \(betas[0]) to \(betas[timesteps - 1])"
    }
}
