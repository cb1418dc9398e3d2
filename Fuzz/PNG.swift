// libFuzzer target for the PNG readers: the chunk parser (through APNG assembly) and
// Cairo's decoder (through RasterImage). Every input must decode or throw a one-line
// PlotError. Build and run with Fuzz/run.sh.
import Plot

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzPNG(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    do {
        _ = try RasterImage(pngData: bytes)
        _ = try Animation.apngData(frames: [bytes, bytes], delayMilliseconds: 100)
    } catch let error as PlotError {
        precondition(!error.description.contains("\n"), "a two-line error: \(error)")
    } catch {
        preconditionFailure("not a PlotError: \(error)")
    }
    return 0
}
