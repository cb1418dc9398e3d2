import FileSupport
import XCTest
@testable import Diffusion

/// Thousands of damaged checkpoints: each must be refused with a one-line `CheckpointError`
/// (or load, if the damage left it valid), never trap.
final class CheckpointFuzzTests: XCTestCase {
    /// Valid files of every model kind, small enough to load thousands of times.
    private func seeds() -> [[UInt8]] {
        let schedule = NoiseSchedule(.linear, timesteps: 10)
        let shapes: [NetworkShape] = [
            .tutorial(width: 4),
            .residual(width: 4, depth: 1, timeEmbeddingDimension: 4, dimension: 2, timeInEveryBlock: true),
            .convolutional(width: 4, depth: 1, timeEmbeddingDimension: 4, dimension: 16),
        ]
        return shapes.map { shape in
            let count = shape.parameterCount(timesteps: schedule.timesteps)
            let parameters = (0..<count).map { Float($0 % 7) / 7 }
            return NoiseNetwork(shape: shape, schedule: schedule, parameters: parameters).checkpointBytes()
        }
    }

    /// `bytes` with its last four bytes replaced by the CRC-32 of the rest, so the damage
    /// reaches the checks behind the checksum.
    private func withChecksum(_ bytes: [UInt8]) -> [UInt8] {
        guard bytes.count >= 4 else { return bytes }
        var fixed = Array(bytes.dropLast(4))
        fixed.append(CRC32.checksum(fixed), .littleEndian)
        return fixed
    }

    /// Which check stopped the file, or "loaded".
    private func load(_ bytes: [UInt8], file: StaticString = #filePath, line: UInt = #line) -> String {
        do {
            _ = try SavedModel(checkpointBytes: bytes, path: "fuzz.ckpt")
            return "loaded"
        } catch let error as CheckpointError {
            XCTAssertFalse(error.description.contains("\n"), error.description, file: file, line: line)
            switch error {
            case .notACheckpoint: return "magic"
            case .unsupportedVersion: return "version"
            case .truncated: return "truncated"
            case .corrupted(_, "checksum mismatch"): return "checksum"
            case .corrupted(_, let reason) where reason.hasSuffix("unexpected bytes at the end"): return "trailing"
            case .corrupted: return "contents"
            default: return "\(error)"
            }
        } catch {
            XCTFail("not a CheckpointError: \(error)", file: file, line: line)
            return "other"
        }
    }

    func testMutatedAndRandomCheckpointsAreRefusedInOneLine() {
        let seeds = seeds()
        var mutator = ByteMutator(seed: 15)
        var outcomes: [String: Int] = [:]
        for round in 0..<3000 {
            var bytes = mutator.mutate(seeds[round % seeds.count])
            if round % 10 == 9 { bytes = NoiseNetwork.checkpointMagic + [UInt8(NoiseNetwork.checkpointVersion), 0, 0, 0] + mutator.randomBytes(mutator.below(200)) }
            if round % 2 == 0 { bytes = withChecksum(bytes) }
            outcomes[load(bytes), default: 0] += 1
        }
        // The damage reached every check of the reader, the ones behind the checksum most.
        for stage in ["magic", "version", "truncated", "checksum", "trailing", "contents", "loaded"] {
            XCTAssertGreaterThan(outcomes[stage, default: 0], 0, "no file stopped at \(stage): \(outcomes)")
        }
        XCTAssertGreaterThan(outcomes["contents", default: 0], 30, "\(outcomes)")
    }

    /// Headers that trapped ("Illegal instruction") or asked for gigabytes before the
    /// reader checked counts against the bytes left and sizes against the weights.
    func testHeadersThatOnceTrappedAreRefused() throws {
        let valid = seeds()[1]
        // magic 8, version 4, the provenance record 4 + its length, "residual" 4 + 8, five
        // sizes of 8, "linear" 4 + 6, then T.
        var header = ByteReader(valid, offset: 12)
        let kindField = 16 + Int(header.read(UInt32.self, .littleEndian)!)
        let (widthField, timestepsField) = (kindField + 12, kindField + 12 + 40 + 10)
        let countField = timestepsField + 8 + 10 * 8
        XCTAssertEqual(Array(valid[timestepsField..<(timestepsField + 8)]), [10, 0, 0, 0, 0, 0, 0, 0])
        func patched(_ fields: [Int: UInt64]) -> [UInt8] {
            var bytes = valid
            for (field, value) in fields {
                for i in 0..<8 { bytes[field + i] = UInt8(truncatingIfNeeded: value >> UInt64(8 * i)) }
            }
            return withChecksum(bytes)
        }
        func error(_ bytes: [UInt8]) -> CheckpointError? {
            do { _ = try SavedModel(checkpointBytes: bytes, path: "x"); return nil } catch { return error as? CheckpointError }
        }
        // T = 2⁶¹: Int(T) * 8 overflowed.
        XCTAssertEqual(error(patched([timestepsField: 1 << 61])), .truncated(path: "x"))
        // A weight count of 2⁶²: offset + 4 * count overflowed.
        XCTAssertEqual(error(patched([countField: 1 << 62])), .truncated(path: "x"))
        // Width and time embedding of 2²⁰ behind a valid checksum: laying the network out to
        // count its weights built a T × E table of 10 × 2²⁰ floats and layers of 2⁴⁰ weights.
        let weights = valid.count - countField - 8 - 4
        XCTAssertEqual(error(patched([widthField: 1 << 20, widthField + 16: 1 << 20])),
                       .corrupted(path: "x", reason: "\(weights / 4) weights cannot hold layers of those sizes"))
        // Found by Fuzz/run.sh checkpoint: a model kind of "\n\n\n\ndual" was echoed into the
        // error, which then took five lines.
        var newlines = valid
        newlines.replaceSubrange((kindField + 4)..<(kindField + 8), with: Array("\n\n\n\n".utf8))
        XCTAssertEqual(error(withChecksum(newlines)), .corrupted(path: "x", reason: #"unknown model kind "\n\n\n\ndual""#))
        // Weights enough for a time embedding of 2²⁰ at width 1, and T = 128: the table of
        // PE(t) would be 2²⁷ floats (512 MB) for a file of 4 MB.
        var writer = BinaryWriter()
        for byte in NoiseNetwork.checkpointMagic { writer.write(byte) }
        writer.write(UInt32(2))  // format 2: no provenance record
        writer.write("residual")
        for size in [1, 1, 1 << 20, 2, 0] { writer.write(Int64(size)) }
        writer.write("")
        writer.write(Int64(128))
        for _ in 0..<128 { writer.write(0.01) }
        writer.write(Int64((1 << 20) + 64))
        writer.write([Float](repeating: 0, count: (1 << 20) + 64))
        writer.write(UInt32(0))
        XCTAssertEqual(error(withChecksum(writer.bytes)),
                       .corrupted(path: "x", reason: "a time embedding of 1048576 values for each of 128 steps"))
    }
}
