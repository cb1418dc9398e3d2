import XCTest
@testable import Plot

/// Nice ticks and their labels.
final class TickTests: XCTestCase {
    func testUnitRangeGetsFifths() {
        XCTAssertEqual(Ticks.linear(0, 1), [0, 0.2, 0.4, 0.6, 0.8, 1])
    }

    func testSmallRangeHasNiceStepsInside() {
        let ticks = Ticks.linear(1e-4, 0.02)
        XCTAssertEqual(ticks, [0.005, 0.01, 0.015, 0.02])
        XCTAssertEqual(ticks.map { TickLabel.format($0) }, ["0.005", "0.01", "0.015", "0.02"])
    }

    func testNegativeRanges() {
        XCTAssertEqual(Ticks.linear(-3, -1), [-3, -2.5, -2, -1.5, -1])
        XCTAssertEqual(Ticks.linear(-1, 1), [-1, -0.5, 0, 0.5, 1])
        XCTAssertEqual(Ticks.linear(-250, 30), [-250, -200, -150, -100, -50, 0])
    }

    func testTickCountsStayBetweenFourAndEight() {
        for (lo, hi) in [(0.0, 7.3), (13.0, 14.1), (-0.003, 0.0071), (1e6, 3.7e6), (0.1, 0.35)] {
            let ticks = Ticks.linear(lo, hi)
            XCTAssertTrue((4...8).contains(ticks.count), "\(lo)…\(hi): \(ticks)")
            XCTAssertTrue(ticks.allSatisfy { $0 >= lo - 1e-12 && $0 <= hi + 1e-12 }, "\(ticks)")
        }
    }

    func testTicksHaveNoFloatNoise() {
        let labels = Ticks.linear(0, 0.7).map { TickLabel.format($0) }
        XCTAssertEqual(labels, ["0", "0.1", "0.2", "0.3", "0.4", "0.5", "0.6", "0.7"])
    }

    func testExtendedRangeLandsOnTicks() {
        let range = Ticks.extendedLinear(0.03, 0.97)
        XCTAssertEqual(range, 0...1)
    }

    func testLogTicksArePowersOfTen() {
        XCTAssertEqual(Ticks.log(1e-5, 1), [1e-5, 1e-4, 1e-3, 1e-2, 0.1, 1])
        XCTAssertEqual(TickLabel.labels(for: Ticks.log(1e-5, 1), scale: .log), ["10⁻⁵", "10⁻⁴", "10⁻³", "10⁻²", "10⁻¹", "10⁰"])
        XCTAssertEqual(Ticks.log(1e-20, 1), [1e-18, 1e-15, 1e-12, 1e-9, 1e-6, 1e-3, 1])  // every third decade
        XCTAssertEqual(Ticks.log(2, 30), [2, 5, 10, 20])
    }

    func testCompactLabels() {
        XCTAssertEqual(TickLabel.format(1e-4), "1e-4")
        XCTAssertEqual(TickLabel.format(2.5e-5), "2.5e-5")
        XCTAssertEqual(TickLabel.format(3e6), "3e6")
        XCTAssertEqual(TickLabel.format(-0.25), "-0.25")
        XCTAssertEqual(TickLabel.format(1500), "1500")
        XCTAssertEqual(TickLabel.format(0.1 + 0.2), "0.3")
    }

    func testAxisLabelsDoNotMixForms() {
        XCTAssertEqual(TickLabel.labels(for: [0, 50_000, 100_000, 150_000], scale: .linear), ["0", "5e4", "1e5", "1.5e5"])
        XCTAssertEqual(TickLabel.labels(for: [0, 0.5, 1], scale: .linear), ["0", "0.5", "1"])
    }
}
