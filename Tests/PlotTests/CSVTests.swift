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

    /// The reader gives back exactly the fields the writer wrote, quoted ones included.
    func testReaderReadsWhatTheTableWrites() {
        var table = CSVTable(columns: ["step", "loss, mean", "note"])
        let notes = ["ok", "x\"y", "two\nlines", " padded ", "", "a,b,\"c\""]
        for (i, note) in notes.enumerated() { table.append([.int(i), .number(Double(i) / 3), .text(note)]) }
        let records = CSVReader.records(table.text)
        XCTAssertEqual(records.first, ["step", "loss, mean", "note"])
        XCTAssertEqual(records.dropFirst().map { $0[2] }, notes)
        XCTAssertEqual(records.dropFirst().map { Double($0[1])! }, (0..<notes.count).map { Double($0) / 3 })
        XCTAssertEqual(records.count, notes.count + 1)
        XCTAssertEqual(CSVReader.records("a,,b\r\n\"\",c"), [["a", "", "b"], ["", "c"]])
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
