import XCTest

/// Lesson 05's exercises, graded: `swift test --filter Lesson05`.
final class Lesson05Exercises: XCTestCase {
    func testSigmaSquared() throws { try verify(Lesson05Catalog.sigmaSquared) }
    func testDdpmStep() throws { try verify(Lesson05Catalog.ddpmStep) }
    func testDdpmSample() throws { try verify(Lesson05Catalog.ddpmSample) }
}
