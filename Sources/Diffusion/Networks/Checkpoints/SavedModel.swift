import Foundation

/// A trained network as a checkpoint holds it: the weights, with the shape and schedule
/// they belong to, and what made them.
public struct SavedModel: Sendable {
    /// The network: weights, shape and schedule.
    public let network: NoiseNetwork
    /// What made it (all unknown for formats 1 and 2).
    public let provenance: ModelProvenance
    /// The checkpoint format the model was read from (3 for one saved now); formats 1 and 2
    /// record no provenance.
    public let formatVersion: UInt32

    /// A model to save in the current format.
    /// - Parameters:
    ///   - network: The trained network (a trainer's EMA weights).
    ///   - provenance: What made it.
    public init(network: NoiseNetwork, provenance: ModelProvenance) {
        (self.network, self.provenance, formatVersion) = (network, provenance, NoiseNetwork.checkpointVersion)
    }

    /// Loads the checkpoint at `url`. With `kind`, `dimension` or `schedule`, it must match
    /// them. Throws `CheckpointError` (one-line descriptions) for an unreadable, foreign,
    /// outdated, truncated, corrupted or mismatched file.
    /// - Parameters:
    ///   - url: The checkpoint file.
    ///   - kind: The network kind it must hold, if any.
    ///   - dimension: The values per sample it must denoise, if any.
    ///   - schedule: The schedule it must have been trained with, if any.
    public init(contentsOf url: URL, expecting kind: ModelKind? = nil, dimension: Int? = nil,
                schedule: NoiseSchedule? = nil) throws {
        (network, provenance, formatVersion) = try NoiseNetwork.load(url, expecting: kind, dimension: dimension, schedule: schedule)
    }

    /// Loads a checkpoint from its bytes in memory, as `init(contentsOf:…)` does from a file.
    /// - Parameters:
    ///   - bytes: The checkpoint file's bytes.
    ///   - path: The name errors give the file.
    ///   - kind: The network kind it must hold, if any.
    ///   - dimension: The values per sample it must denoise, if any.
    ///   - schedule: The schedule it must have been trained with, if any.
    public init(checkpointBytes bytes: [UInt8], path: String, expecting kind: ModelKind? = nil, dimension: Int? = nil,
                schedule: NoiseSchedule? = nil) throws {
        (network, provenance, formatVersion) = try NoiseNetwork.load(checkpointBytes: bytes, path: path, expecting: kind,
                                                                     dimension: dimension, schedule: schedule)
    }

    /// Saves the network and its provenance to `url` atomically (format 3).
    /// - Parameter url: Where to write; the folder must exist.
    /// - Throws: ``CheckpointError/unwritable(path:reason:)``.
    public func save(to url: URL) throws {
        try network.save(to: url, provenance: provenance)
    }
}
