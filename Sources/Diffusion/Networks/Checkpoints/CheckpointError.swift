import Foundation

/// Why a checkpoint could not be saved or loaded. Each description is one line naming the
/// file and what is wrong with it.
public enum CheckpointError: Error, Equatable, CustomStringConvertible, LocalizedError {
    /// The file could not be read (missing, a folder, no permission).
    case unreadable(path: String, reason: String)
    /// The file could not be written.
    case unwritable(path: String, reason: String)
    /// The file does not start with the checkpoint magic.
    case notACheckpoint(path: String)
    /// A format version this workbook does not read.
    case unsupportedVersion(path: String, found: UInt32, supported: UInt32)
    /// The file ends before all its declared contents.
    case truncated(path: String)
    /// The checksum does not match, or the contents contradict each other.
    case corrupted(path: String, reason: String)
    /// The network is another kind than the one asked for.
    case kindMismatch(path: String, expected: ModelKind, found: String)
    /// The network denoises samples of another size (a 2D network asked for images).
    case dimensionMismatch(path: String, expected: Int, found: Int)
    /// The network was trained with another schedule than the one asked for.
    case scheduleMismatch(path: String, expected: String, found: String)
    /// The network predicts another quantity than the one asked for (ε or a velocity).
    case predictionMismatch(path: String, expected: String, found: String)

    /// The problem in one line, for a command-line error.
    public var description: String {
        switch self {
        case let .unreadable(path, reason):
            return "cannot read checkpoint \(path): \(reason)"
        case let .unwritable(path, reason):
            return "cannot write checkpoint \(path): \(reason)"
        case let .notACheckpoint(path):
            return "\(path) is not a noise-network checkpoint (wrong magic bytes)"
        case let .unsupportedVersion(path, found, supported):
            return "checkpoint \(path) has format version \(found); this workbook reads versions up to \(supported): train again to recreate it"
        case let .truncated(path):
            return "checkpoint \(path) is truncated (the file ends early): train again to recreate it"
        case let .corrupted(path, reason):
            return "checkpoint \(path) is corrupted (\(reason)): train again to recreate it"
        case let .kindMismatch(path, expected, found):
            return "checkpoint \(path) holds a \(found) network, not the \(expected.rawValue) network asked for"
        case let .dimensionMismatch(path, expected, found):
            return "checkpoint \(path) holds a network for samples of \(found) values, not the \(expected) asked for"
        case let .scheduleMismatch(path, expected, found):
            return "checkpoint \(path) was trained with \(found), not the requested \(expected)"
        case let .predictionMismatch(path, expected, found):
            return "checkpoint \(path) holds \(found), not \(expected)"
        }
    }

    /// The same line, for `localizedDescription`.
    public var errorDescription: String? { description }
}
