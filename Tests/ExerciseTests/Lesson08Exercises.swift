import ExerciseChecks
import XCTest

/// Lesson 08's exercises, graded: `swift test --filter Lesson08`.
final class Lesson08Exercises: XCTestCase {
    func testScoreFromEps() throws { try verify(Lesson08Catalog.scoreFromEps) }
    func testLangevinStep() throws { try verify(Lesson08Catalog.langevinStep) }
    func testHeunStep() throws { try verify(Lesson08Catalog.heunStep) }
}
