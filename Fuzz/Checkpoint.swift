// libFuzzer target for the checkpoint reader: every input must load or throw a one-line
// CheckpointError. The first byte is a switch: when odd, the rest gets its checksum made
// right, so the fuzzer also explores the checks behind it. Build and run with Fuzz/run.sh.
import Diffusion
import FileSupport

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzCheckpoint(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    guard size > 0 else { return 0 }
    var bytes = Array(UnsafeBufferPointer(start: data + 1, count: size - 1))
    if data[0] & 1 == 1, bytes.count >= 4 {
        bytes.removeLast(4)
        bytes.append(CRC32.checksum(bytes), .littleEndian)
    }
    do {
        _ = try SavedModel(checkpointBytes: bytes, path: "fuzz.ckpt")
    } catch let error as CheckpointError {
        precondition(!error.description.contains("\n"), "a two-line error: \(error)")
    } catch {
        preconditionFailure("not a CheckpointError: \(error)")
    }
    return 0
}
