import ExerciseChecks
import XCTest

/// Lesson 05's exercises, graded: `swift test --filter Lesson05`.
final class Lesson05Exercises: XCTestCase {
    func testReverseVariance() throws { try verify(Lesson05Catalog.reverseVariance) }
    func testDdpmStep() throws { try verify(Lesson05Catalog.ddpmStep) }
    func testPredictX0Clipped() throws { try verify(Lesson05Catalog.predictX0Clipped) }
    func testDdpmSample() throws { try verify(Lesson05Catalog.ddpmSample) }
}
