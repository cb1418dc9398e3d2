import ExerciseChecks
import XCTest

/// Lesson 09's exercises, graded: `swift test --filter Lesson09`.
final class Lesson09Exercises: XCTestCase {
    func testGuidedNoise() throws { try verify(Lesson09Catalog.guidedNoise) }
    func testDropLabels() throws { try verify(Lesson09Catalog.dropLabels) }
    func testClassifierGuidedNoise() throws { try verify(Lesson09Catalog.classifierGuidedNoise) }
}
