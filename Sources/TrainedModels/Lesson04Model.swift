import Diffusion
import Foundation
import Workbook

/// Where the lessons after Lesson 04 find the network it trained, and what it learned.
public enum Lesson04Model {
    /// Where Lesson 04 saves its model by default.
    public static let defaultPath = "output/Lesson04/model.ckpt"

    /// The files to try, in order, for a lesson whose `--output` is `output` (nil: the
    /// default folder): `Lesson04/model.ckpt` beside that folder (`runs/s7/Lesson05` →
    /// `runs/s7/Lesson04/model.ckpt`), then `defaultPath`. Paths keep the form the learner
    /// typed, for the messages.
    public static func candidates(output: String?) -> [String] {
        guard let output else { return [defaultPath] }
        let parent = NSString(string: output).deletingLastPathComponent
        let beside = NSString(string: parent).appendingPathComponent("Lesson04/model.ckpt")
        let same = URL(fileURLWithPath: beside).standardizedFileURL == URL(fileURLWithPath: defaultPath).standardizedFileURL
        return same ? [defaultPath] : [beside, defaultPath]
    }

    /// The checkpoint to load: `checkpoint` when given (a one-line error if it does not
    /// exist), else the first of `candidates(output:)` that exists; nil when none does.
    public static func locate(checkpoint: String?, output: String?) -> String? {
        if let checkpoint {
            guard FileManager.default.fileExists(atPath: checkpoint) else {
                fail("no checkpoint at \(checkpoint) (--checkpoint): train one with swift run Lesson04 --output FOLDER")
            }
            return checkpoint
        }
        return candidates(output: output).first { FileManager.default.fileExists(atPath: $0) }
    }

    /// The 2D dataset `model` learned, as its provenance records it, and a sentence for a
    /// model that does not record it (a checkpoint of format 1 or 2), which is then taken to
    /// have learned the ring of 8 Gaussians, Lesson 04's default. A dataset that is not 2D
    /// points is a one-line error.
    public static func dataset(of model: SavedModel, path: String) -> (dataset: Toy2D, note: String?) {
        guard let name = model.provenance.dataset else {
            return (.ring, "\(path) (format \(model.formatVersion)) does not record the data it learned: taken to be the ring of "
                    + "8 Gaussians, Lesson 04's default. Train it again with swift run Lesson04 to record it.")
        }
        guard let dataset = Toy2D(rawValue: name) else { fail("\(path) was trained on \(name), not on one of the 2D datasets") }
        return (dataset, nil)
    }
}
