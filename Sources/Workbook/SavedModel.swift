import Diffusion
import FileSupport
import Foundation
import Plot

/// A trained network saved by Lesson 04: the checkpoint (`model.ckpt`, written by the math
/// module) and a small note beside it (`model.json`) saying which dataset it learned.
public struct SavedModel {
    public let network: NoiseNetwork
    public let dataset: Toy2D

    public init(network: NoiseNetwork, dataset: Toy2D) {
        self.network = network
        self.dataset = dataset
    }

    /// The note's contents.
    struct Note: Codable {
        var dataset: String
    }

    /// Where Lesson 04 keeps its model.
    public static let defaultPath = "output/Lesson04/model.ckpt"

    static func noteURL(for checkpoint: URL) -> URL {
        checkpoint.deletingPathExtension().appendingPathExtension("json")
    }

    /// Saves the checkpoint and its note, each atomically.
    public func save(to checkpoint: URL) throws {
        try network.save(to: checkpoint)
        let note = try JSONEncoder().encode(Note(dataset: dataset.rawValue))
        try AtomicFile.write([UInt8](note), to: Self.noteURL(for: checkpoint))
    }

    /// Loads a saved model; with `schedule`, the checkpoint must have been trained with it.
    /// Errors are one line (CheckpointError's descriptions).
    public static func load(from checkpoint: URL, schedule: NoiseSchedule? = nil) throws -> SavedModel {
        let network = try NoiseNetwork(contentsOf: checkpoint, schedule: schedule)
        var dataset = Toy2D.ring
        if let data = try? Data(contentsOf: noteURL(for: checkpoint)),
           let note = try? JSONDecoder().decode(Note.self, from: data), let named = Toy2D(rawValue: note.dataset) {
            dataset = named
        }
        return SavedModel(network: network, dataset: dataset)
    }
}
