import ExerciseChecks
import XCTest

/// Lesson 02's exercises, graded: `swift test --filter Lesson02`.
final class Lesson02Exercises: XCTestCase {
    func testQSample() throws { try verify(Lesson02Catalog.qSample) }
    func testQStep() throws { try verify(Lesson02Catalog.qStep) }
    func testPredictX0() throws { try verify(Lesson02Catalog.predictX0) }
}
