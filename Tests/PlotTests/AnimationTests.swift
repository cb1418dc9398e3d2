import FileSupport
import XCTest
@testable import Plot

/// APNG assembly, checked by parsing the output.
final class AnimationTests: XCTestCase {
    /// A small figure whose background line colour identifies the frame.
    private func frame(_ color: Color) throws -> [UInt8] {
        var panel = Panel()
        panel.showAxes = false
        panel.lines = [LineSeries(xs: [0, 1], ys: [0.5, 0.5], color: color, width: 40)]
        var figure = Figure(panels: [panel])
        figure.panelWidth = 80
        figure.panelHeight = 60
        return try figure.pngData()
    }

    func testThreeFramesAssembleIntoValidAPNG() throws {
        let frames = try [frame(Color(1, 0, 0)), frame(Color(0, 1, 0)), frame(Color(0, 0, 1))]
        let apng = try Animation.apngData(frames: frames, delayMilliseconds: 250)
        let chunks = try PNGChunk.parse(apng)  // verifies every CRC
        XCTAssertEqual(chunks.first?.type, "IHDR")
        XCTAssertEqual(chunks.last?.type, "IEND")
        let acTL = try XCTUnwrap(chunks.first { $0.type == "acTL" })
        XCTAssertEqual(acTL.data.bigEndianUInt32(at: 0), 3)
        XCTAssertEqual(acTL.data.bigEndianUInt32(at: 4), 0)
        XCTAssertLessThan(chunks.firstIndex { $0.type == "acTL" }!, chunks.firstIndex { $0.type == "IDAT" }!)
        let fcTLs = chunks.filter { $0.type == "fcTL" }
        XCTAssertEqual(fcTLs.count, 3)
        XCTAssertEqual(chunks.filter { $0.type == "IDAT" }.count, 1)
        XCTAssertEqual(chunks.filter { $0.type == "fdAT" }.count, 2)
        let sequence = chunks.filter { $0.type == "fcTL" || $0.type == "fdAT" }.map { $0.data.bigEndianUInt32(at: 0) }
        XCTAssertEqual(sequence, [0, 1, 2, 3, 4])
        XCTAssertEqual(fcTLs[0].data.count, 26)
        XCTAssertEqual(fcTLs[0].data.bigEndianUInt32(at: 4), 80)
        XCTAssertEqual(fcTLs[0].data.bigEndianUInt32(at: 8), 60)
        XCTAssertEqual(Array(fcTLs[1].data[20..<24]), [0, 250, 3, 232])  // 250/1000 s
        let first = try RasterImage(pngData: apng)
        XCTAssertEqual(first.width, 80)
        let middle = first.pixel(x: 40, y: 30)
        XCTAssertEqual([middle.r, middle.g, middle.b], [255, 0, 0])
    }

    func testFramesOfDifferentSizesAreRejected() throws {
        var small = Figure(panels: [Panel()])
        small.panelWidth = 50
        small.panelHeight = 50
        XCTAssertThrowsError(try Animation.apngData(frames: [frame(.black), small.pngData()], delayMilliseconds: 100))
    }

    func testWriteFramesNumbersFiles() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("frames-\(UUID().uuidString)/nested")
        defer { try? FileManager.default.removeItem(at: folder.deletingLastPathComponent()) }
        let frame = try frame(.black)
        let urls = try Animation.writeFrames(Array(repeating: frame, count: 12), to: folder)
        XCTAssertEqual(urls.map(\.lastPathComponent).prefix(2), ["frame_000.png", "frame_001.png"])
        XCTAssertEqual(urls.last?.lastPathComponent, "frame_011.png")
        XCTAssertEqual(try RasterImage(pngAt: urls[5]).width, 80)
    }
}

private extension [UInt8] {
    /// The big-endian 32-bit value at `offset`.
    func bigEndianUInt32(at offset: Int) -> UInt32? {
        var reader = ByteReader(self, offset: offset)
        return reader.read(UInt32.self, .bigEndian)
    }
}
