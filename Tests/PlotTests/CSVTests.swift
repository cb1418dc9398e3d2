import XCTest
@testable import Plot

/// CSV quoting and number formatting.
final class CSVTests: XCTestCase {
    func testNumbersUseShortestRoundTripDescription() {
        XCTAssertEqual(CSVValue.number(0.0001).field, "0.0001")
        XCTAssertEqual(CSVValue.number(0.00001).field, "1e-05")
        XCTAssertEqual(CSVValue.number(0.1 + 0.2).field, "0.30000000000000004")
        XCTAssertEqual(CSVValue.int(-42).field, "-42")
    }

    func testTextIsQuotedOnlyWhenNeeded() {
        XCTAssertEqual(CSVValue.text("plain").field, "plain")
        XCTAssertEqual(CSVValue.text("a,b").field, "\"a,b\"")
        XCTAssertEqual(CSVValue.text("say \"hi\"").field, "\"say \"\"hi\"\"\"")
        XCTAssertEqual(CSVValue.text("two\nlines").field, "\"two\nlines\"")
    }

    func testTableText() {
        var table = CSVTable(columns: ["step", "loss, mean", "note"])
        table.append([1, 0.5, "ok"])
        table.append([2, 1e-5, "x\"y"])
        XCTAssertEqual(table.text, "step,\"loss, mean\",note\n1,0.5,ok\n2,1e-05,\"x\"\"y\"\n")
        XCTAssertEqual(table.rows.count, 2)
    }

    func testTableWritesAtomically() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("csv-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        var table = CSVTable(columns: ["x"])
        table.append([3])
        let url = folder.appendingPathComponent("t.csv")
        try table.write(to: url)
        XCTAssertEqual(try String(contentsOf: url, encoding: .utf8), "x\n3\n")
    }
}
