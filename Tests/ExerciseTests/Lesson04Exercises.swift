import ExerciseChecks
import XCTest

/// Lesson 04's exercises, graded: `swift test --filter Lesson04`.
final class Lesson04Exercises: XCTestCase {
    func testGaussianKL() throws { try verify(Lesson04Catalog.gaussianKL) }
    func testVlbWeight() throws { try verify(Lesson04Catalog.vlbWeight) }
    func testSimpleLoss() throws { try verify(Lesson04Catalog.simpleLoss) }
    func testLinearBackward() throws { try verify(Lesson04Catalog.linearBackward) }
    func testAdamStep() throws { try verify(Lesson04Catalog.adamStep) }
    func testHuberLoss() throws { try verify(Lesson04Catalog.huberLoss) }
}
