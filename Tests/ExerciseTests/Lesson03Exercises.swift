import ExerciseChecks
import XCTest

/// Lesson 03's exercises, graded: `swift test --filter Lesson03`.
final class Lesson03Exercises: XCTestCase {
    func testPosteriorMean() throws { try verify(Lesson03Catalog.posteriorMean) }
    func testPosteriorVariance() throws { try verify(Lesson03Catalog.posteriorVariance) }
    func testMeanFromEps() throws { try verify(Lesson03Catalog.meanFromEps) }
}
