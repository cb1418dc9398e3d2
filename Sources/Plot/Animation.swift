import FileSupport
import Foundation

/// Animations from PNG frames of identical size (e.g. from `Figure.pngData()`): a folder of
/// numbered frames, or one looping animated PNG (APNG).
public enum Animation {
    /// Writes frames as folder/frame_000.png, frame_001.png, … (zero-padded to at least three
    /// digits, more if the count needs them) and returns their URLs. Creates `folder` if needed.
    public static func writeFrames(_ frames: [[UInt8]], to folder: URL) throws -> [URL] {
        do {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        } catch {
            throw PlotError.cannotWrite(path: folder.path, reason: (error as NSError).localizedDescription)
        }
        let digits = max(3, String(max(frames.count - 1, 0)).count)
        return try frames.enumerated().map { index, frame in
            let number = String(index)
            let url = folder.appendingPathComponent("frame_" + String(repeating: "0", count: digits - number.count) + number + ".png")
            try AtomicFile.write(frame, to: url)
            return url
        }
    }

    /// One animated PNG that loops forever, showing each frame for `delayMilliseconds`.
    public static func apngData(frames: [[UInt8]], delayMilliseconds: Int) throws -> [UInt8] {
        try apngData(frames: frames, delays: Array(repeating: delayMilliseconds, count: frames.count))
    }

    /// Writes the animated PNG to `url` atomically; the last frame may linger longer.
    public static func writeAPNG(frames: [[UInt8]], delayMilliseconds: Int, lastFrameDelayMilliseconds: Int? = nil, to url: URL) throws {
        var delays = Array(repeating: delayMilliseconds, count: frames.count)
        if let last = lastFrameDelayMilliseconds, !delays.isEmpty { delays[delays.count - 1] = last }
        try AtomicFile.write(apngData(frames: frames, delays: delays), to: url)
    }

    /// Signature, IHDR of frame 0, acTL, then per frame an fcTL and its image data (IDAT for
    /// frame 0, fdAT for the rest; each frame's IDATs merged into one chunk), then IEND.
    /// fcTL and fdAT share one sequence counter starting at 0.
    static func apngData(frames: [[UInt8]], delays: [Int]) throws -> [UInt8] {
        guard !frames.isEmpty else { throw PlotError.invalidInput("an animation needs at least one frame") }
        let parsed = try frames.map(PNGChunk.parse)
        guard let header = parsed[0].first, header.type == "IHDR", header.data.count == 13 else {
            throw PlotError.invalidPNG("frame 0 does not start with IHDR")
        }
        for (index, chunks) in parsed.enumerated() where chunks.first != header {
            throw PlotError.invalidInput("frame \(index) differs in size or pixel format from frame 0")
        }
        var acTL: [UInt8] = []
        acTL.append(UInt32(frames.count), .bigEndian)
        acTL.append(UInt32(0), .bigEndian)  // loop forever
        var output = [header, PNGChunk(type: "acTL", data: acTL)]
        // Chunks frame 0 needs before its image data (e.g. PLTE, gAMA), other than IHDR.
        output += parsed[0].dropFirst().prefix { $0.type != "IDAT" }.filter { $0.type != "IEND" }
        var sequence: UInt32 = 0
        for (index, chunks) in parsed.enumerated() {
            let imageData = chunks.filter { $0.type == "IDAT" }.flatMap(\.data)
            guard !imageData.isEmpty else { throw PlotError.invalidPNG("frame \(index) has no IDAT") }
            output.append(PNGChunk(type: "fcTL", data: frameControl(sequence: sequence, header: header, delay: delays[index])))
            sequence += 1
            if index == 0 {
                output.append(PNGChunk(type: "IDAT", data: imageData))
            } else {
                var data: [UInt8] = []
                data.append(sequence, .bigEndian)
                output.append(PNGChunk(type: "fdAT", data: data + imageData))
                sequence += 1
            }
        }
        output.append(PNGChunk(type: "IEND", data: []))
        return PNGChunk.encode(output)
    }

    /// fcTL: sequence, width, height, x/y offset 0, delay in milliseconds, no disposal, no blending.
    private static func frameControl(sequence: UInt32, header: PNGChunk, delay: Int) -> [UInt8] {
        var data: [UInt8] = []
        data.append(sequence, .bigEndian)
        data += header.data[0..<8]  // width and height, already big-endian
        data.append(UInt32(0), .bigEndian)
        data.append(UInt32(0), .bigEndian)
        data.append(UInt16(clamping: max(delay, 0)), .bigEndian)
        data.append(UInt16(1000), .bigEndian)
        data += [0, 0]  // dispose_op = none, blend_op = source
        return data
    }
}
