import FileSupport
import XCTest
@testable import ImageData

/// Thousands of damaged IDX files, raw and gzipped: each must be refused with a one-line
/// `IDXError` (or read, if the damage left it valid), never trap.
final class IDXFuzzTests: XCTestCase {
    /// Three 2 × 3 images and their labels, as IDX files.
    private let images: [UInt8] = [0, 0, 8, 3, 0, 0, 0, 3, 0, 0, 0, 2, 0, 0, 0, 3] + (0..<18).map { UInt8($0 * 14) }
    private let labels: [UInt8] = [0, 0, 8, 1, 0, 0, 0, 3, 7, 0, 9]

    /// Which check stopped the pair of files, or "read".
    private func read(images: [UInt8], labels: [UInt8]?, file: StaticString = #filePath, line: UInt = #line) -> String {
        do {
            _ = try IDXReader.decode(images: images, labels: labels, size: 2)
            return "read"
        } catch let error as IDXError {
            XCTAssertFalse(error.description.contains("\n"), error.description, file: file, line: line)
            return "\(error)".components(separatedBy: ": ")[1].components(separatedBy: " ").prefix(2).joined(separator: " ")
        } catch {
            XCTFail("not an IDXError: \(error)", file: file, line: line)
            return "other"
        }
    }

    func testMutatedAndRandomIDXFilesAreRefusedInOneLine() {
        var mutator = ByteMutator(seed: 15)
        var outcomes: [String: Int] = [:]
        for round in 0..<3000 {
            var (image, label) = (images, labels)
            switch round % 4 {
            case 0: image = mutator.mutate(image)
            case 1: label = mutator.mutate(label)
            case 2: image = mutator.mutate(Gzip.compress(image))
            default: image = Gzip.compress(mutator.mutate(image))
            }
            if round % 20 == 19 { image = Array(images.prefix(4)) + mutator.randomBytes(mutator.below(40)) }
            outcomes[read(images: image, labels: round % 3 == 0 ? nil : label), default: 0] += 1
        }
        for stage in ["not an", "truncated", "gzip data", "header says", "read"] {
            XCTAssertGreaterThan(outcomes.filter { $0.key.hasPrefix(stage) }.values.reduce(0, +), 0, "no file stopped at \(stage): \(outcomes)")
        }
    }

    /// Headers whose sizes multiply past Int.max trapped before the reader multiplied with
    /// overflow checks; a gzip file claiming 4 GiB in its trailer reserved that much; zero
    /// images of 2³² − 1 × 2³² − 1 pixels (found by this test's mutations) made resizing
    /// allocate 34 GB of tables.
    func testHeadersThatOnceTrappedAreRefused() {
        let noImages: [UInt8] = [0, 0, 8, 3, 0, 0, 0, 0, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF]
        XCTAssertThrowsError(try IDXReader.decode(images: noImages, size: 2, imageName: "x")) {
            XCTAssertEqual("\($0)", "x: header says 0 images of 4294967295×4294967295 pixels")
        }
        let huge: [UInt8] = [0, 0, 8, 3, 0, 0, 0, 1, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF]
        XCTAssertThrowsError(try IDXReader.decode(images: huge, imageName: "x")) {
            XCTAssertEqual("\($0)", "x: truncated: header says 1 images of 4294967295×4294967295 but the file holds 0 bytes of pixels")
        }
        var claimsFourGiB = Gzip.compress(images)
        claimsFourGiB.replaceSubrange((claimsFourGiB.count - 4)..., with: [0xFF, 0xFF, 0xFF, 0xFF])
        XCTAssertThrowsError(try IDXReader.decode(images: claimsFourGiB, imageName: "x")) {
            XCTAssertEqual("\($0)", "x: gzip data is corrupt (incorrect length check)")
        }
    }
}
