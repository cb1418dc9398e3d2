// libFuzzer target for the IDX reader (raw and gzip): every input must read or throw a
// one-line IDXError. The first byte says whether the rest is an image or a label file and
// whether to gzip it first, so the fuzzer reaches the IDX checks behind zlib's. Build and
// run with Fuzz/run.sh.
import FileSupport
import ImageData

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzIDX(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    guard size > 0 else { return 0 }
    let mode = data[0]
    var file = Array(UnsafeBufferPointer(start: data + 1, count: size - 1))
    if mode & 2 == 2 { file = Gzip.compress(file, level: 1) }
    let labels: [UInt8] = [0, 0, 8, 1, 0, 0, 0, 1, 7]
    do {
        if mode & 1 == 1 {
            _ = try IDXReader.decode(images: [0, 0, 8, 3, 0, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0, 1, 255], labels: file, size: 2)
        } else {
            _ = try IDXReader.decode(images: file, labels: mode & 4 == 4 ? labels : nil, size: 2)
        }
    } catch let error as IDXError {
        precondition(!error.description.contains("\n"), "a two-line error: \(error)")
    } catch {
        preconditionFailure("not an IDXError: \(error)")
    }
    return 0
}
