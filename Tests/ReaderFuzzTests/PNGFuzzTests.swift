import FileSupport
import XCTest
@testable import Plot

/// Thousands of damaged PNG files through the chunk reader and Cairo's decoder: each must be
/// refused with a one-line `PlotError` (or decode, if the damage left it valid), never trap.
final class PNGFuzzTests: XCTestCase {
    /// A small opaque figure, as Cairo writes it.
    private func seed() throws -> [UInt8] {
        var panel = Panel()
        panel.showAxes = false
        panel.lines = [LineSeries(xs: [0, 1], ys: [0, 1], color: Color(0.2, 0.4, 0.8), width: 3)]
        var figure = Figure(panels: [panel])
        (figure.panelWidth, figure.panelHeight) = (80, 60)
        return try figure.pngData()
    }

    /// Which check stopped the file, or "decoded".
    private func decode(_ bytes: [UInt8], file: StaticString = #filePath, line: UInt = #line) -> String {
        do {
            _ = try RasterImage(pngData: bytes)
            _ = try Animation.apngData(frames: [bytes, bytes], delayMilliseconds: 100)
            return "decoded"
        } catch let error as PlotError {
            XCTAssertFalse(error.description.contains("\n"), error.description, file: file, line: line)
            // The first word of the reason: "missing", "truncated", "CRC", "IHDR", …
            return error.description.components(separatedBy: ": ").dropFirst().first?.components(separatedBy: " ").first ?? ""
        } catch {
            XCTFail("not a PlotError: \(error)", file: file, line: line)
            return "other"
        }
    }

    func testMutatedAndRandomPNGsAreRefusedInOneLine() throws {
        let seed = try seed()
        let chunks = try PNGChunk.parse(seed)
        var mutator = ByteMutator(seed: 15)
        var outcomes: [String: Int] = [:]
        for round in 0..<1500 {
            var bytes: [UInt8]
            if round % 2 == 0 {
                bytes = mutator.mutate(seed)
            } else {
                // Damage inside one chunk, with its CRC made right again: reaches Cairo and libpng.
                var damaged = chunks
                let index = mutator.below(damaged.count)
                damaged[index].data = mutator.mutate(damaged[index].data)
                bytes = PNGChunk.encode(damaged)
            }
            if round % 10 == 9 { bytes = PNGChunk.signature + mutator.randomBytes(mutator.below(60)) }
            outcomes[decode(bytes), default: 0] += 1
        }
        for stage in ["missing", "truncated", "CRC", "IHDR", "decoded"] {
            XCTAssertGreaterThan(outcomes[stage, default: 0], 0, "no file stopped at \(stage): \(outcomes)")
        }
    }

    /// An IHDR of 20000 × 20000 pixels over a few bytes of image data made Cairo map 1.6 GB
    /// for its surface (seen with strace) before libpng gave up; one of (2³² − 1)² pixels
    /// must not overflow the count that refuses it.
    func testHeadersThatOnceAskedForGigabytesAreRefused() throws {
        var chunks = try PNGChunk.parse(seed())
        for side: UInt32 in [20000, UInt32.max] {
            var header: [UInt8] = []
            header.append(side, .bigEndian)
            header.append(side, .bigEndian)
            chunks[0].data.replaceSubrange(0..<8, with: header)
            let idat = chunks.filter { $0.type == "IDAT" }.reduce(0) { $0 + $1.data.count }
            XCTAssertThrowsError(try RasterImage(pngData: PNGChunk.encode(chunks))) {
                XCTAssertEqual("\($0)", "invalid PNG: IHDR declares \(side)×\(side) pixels, more than \(idat) bytes of image data can hold")
            }
        }
    }
}
