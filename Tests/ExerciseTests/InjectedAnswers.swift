import Foundation
import XCTest

/// Tests that inject their own answers: the variables that put another answer in the
/// student's place (`WORKBOOK_REFERENCE`, `WORKBOOK_MISTAKE`, `WORKBOOK_NOT_ATTEMPTED`) are
/// cleared around each test and restored after it, so a teacher's `WORKBOOK_REFERENCE=1 swift
/// test` does not replace them.
class InjectedAnswersTestCase: XCTestCase {
    private var saved: [String: String?] = [:]

    override func setUp() {
        for name in ["WORKBOOK_REFERENCE", "WORKBOOK_MISTAKE", "WORKBOOK_NOT_ATTEMPTED"] {
            saved[name] = ProcessInfo.processInfo.environment[name]
            unsetenv(name)
        }
    }

    override func tearDown() {
        for (name, value) in saved {
            if let value { setenv(name, value, 1) } else { unsetenv(name) }
        }
    }
}
