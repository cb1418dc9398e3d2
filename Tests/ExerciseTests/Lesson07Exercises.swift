import ExerciseChecks
import XCTest

/// Lesson 07's exercises, graded: `swift test --filter Lesson07`.
final class Lesson07Exercises: XCTestCase {
    func testSinusoidalEmbedding() throws { try verify(Lesson07Catalog.sinusoidalEmbedding) }
    func testEmaUpdate() throws { try verify(Lesson07Catalog.emaUpdate) }
    func testClippedPosteriorMean() throws { try verify(Lesson07Catalog.clippedPosteriorMean) }
}
