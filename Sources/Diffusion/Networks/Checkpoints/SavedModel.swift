import Foundation

/// A trained network as a checkpoint holds it: the weights, with the shape and schedule
/// they belong to, and what made them.
public struct SavedModel: Sendable {
    public let network: NoiseNetwork
    public let provenance: ModelProvenance
    /// The checkpoint format the model was read from (3 for one saved now); formats 1 and 2
    /// record no provenance.
    public let formatVersion: UInt32

    public init(network: NoiseNetwork, provenance: ModelProvenance) {
        (self.network, self.provenance, formatVersion) = (network, provenance, NoiseNetwork.checkpointVersion)
    }

    /// Loads the checkpoint at `url`. With `kind`, `dimension` or `schedule`, it must match
    /// them. Throws `CheckpointError` (one-line descriptions) for an unreadable, foreign,
    /// outdated, truncated, corrupted or mismatched file.
    public init(contentsOf url: URL, expecting kind: ModelKind? = nil, dimension: Int? = nil,
                schedule: NoiseSchedule? = nil) throws {
        (network, provenance, formatVersion) = try NoiseNetwork.load(url, expecting: kind, dimension: dimension, schedule: schedule)
    }

    /// Saves the network and its provenance to `url` atomically (format 3).
    public func save(to url: URL) throws {
        try network.save(to: url, provenance: provenance)
    }
}
