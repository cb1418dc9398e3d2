import ExerciseChecks
import XCTest

/// Lesson 06's exercises, graded: `swift test --filter Lesson06`.
final class Lesson06Exercises: XCTestCase {
    func testDdimSigma() throws { try verify(Lesson06Catalog.ddimSigma) }
    func testDdimStep() throws { try verify(Lesson06Catalog.ddimStep) }
    func testSlerp() throws { try verify(Lesson06Catalog.slerp) }
}
