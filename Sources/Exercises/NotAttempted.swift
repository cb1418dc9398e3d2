// The workbook's exercises: one file per lesson, each exercise a function you fill in.
//
// Every exercise's body starts as the single line `throw NotAttempted()`. Replace that line
// with your answer, then run `swift test --filter Lesson01 --disable-swift-testing` (or the lesson you worked on):
// an exercise you have not attempted is reported as skipped, a right answer passes, and a
// wrong one fails with the input, the expected and the computed values, and a hint.
//
// Conventions, as in the papers and in the Diffusion module: time steps run t = 1…T, and an
// array with one value per step (betas, alphaBars) holds step t at index t − 1. Arrays of
// data (x0, xt, noise, eps) hold any number of values; every formula acts on each value alone.

/// What an exercise throws until you write it: the tests then skip it instead of failing.
public struct NotAttempted: Error, Equatable {
    public init() {}
}
