import ExerciseChecks
import XCTest

/// Lesson 01's exercises, graded: `swift test --filter Lesson01`.
final class Lesson01Exercises: XCTestCase {
    func testLinearBetas() throws { try verify(Lesson01Catalog.linearBetas) }
    func testAlphaBars() throws { try verify(Lesson01Catalog.alphaBars) }
    func testCosineAlphaBar() throws { try verify(Lesson01Catalog.cosineAlphaBar) }
}
