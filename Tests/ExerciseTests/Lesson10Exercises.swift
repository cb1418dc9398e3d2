import ExerciseChecks
import XCTest

/// Lesson 10's exercises, graded: `swift test --filter Lesson10`.
final class Lesson10Exercises: XCTestCase {
    func testInterpolant() throws { try verify(Lesson10Catalog.interpolant) }
    func testConditionalVelocity() throws { try verify(Lesson10Catalog.conditionalVelocity) }
    func testVelocityFromEps() throws { try verify(Lesson10Catalog.velocityFromEps) }
    func testFlowEulerStep() throws { try verify(Lesson10Catalog.flowEulerStep) }
}
