import XCTest
@testable import Diffusion

/// Whole chains: per-sample noise streams, determinism, starting points and recording.
final class SamplerRunTests: XCTestCase {
    // T = 100 keeps DDPM chains short; the ideal denoiser makes ε̂ exact and cheap.
    let schedule = NoiseSchedule(.linear, timesteps: 100, betaStart: 1e-3, betaEnd: 0.2)
    var ideal: IdealDenoiser { IdealDenoiser(mixture: .ring(), schedule: schedule) }

    func samplers() throws -> [any Sampler] {
        [DDPMSampler(schedule: schedule, variance: .beta),
         DDPMSampler(schedule: schedule, variance: .betaTilde, clipping: .range(-1.5...1.5)),
         try DDIMSampler(schedule: schedule, steps: 20, eta: 0.5)]
    }

    func testSamplesDoNotDependOnBatchSize() throws {
        for sampler in try samplers() {
            let small = sampler.run(predictor: ideal, count: 10, dimension: 2, seed: 7).samples
            let large = sampler.run(predictor: ideal, count: 50, dimension: 2, seed: 7).samples
            XCTAssertEqual(small, Array(large.prefix(20)))
            // Different streams give different samples, and a different seed changes them.
            XCTAssertNotEqual(Array(small[0..<2]), Array(small[2..<4]))
            XCTAssertNotEqual(small, sampler.run(predictor: ideal, count: 10, dimension: 2, seed: 8).samples)
        }
    }

    func testRunFromTheInitialNoiseRepeatsARunWithACount() throws {
        for sampler in try samplers() {
            let xT = NoiseStreams.initialNoise(count: 12, dimension: 2, seed: 3)
            XCTAssertEqual(sampler.run(predictor: ideal, from: xT, dimension: 2, seed: 3).samples,
                           sampler.run(predictor: ideal, count: 12, dimension: 2, seed: 3).samples)
        }
    }

    func testEtaZeroIsDeterministicAndEtaOneIsNot() throws {
        let xT = NoiseStreams.initialNoise(count: 20, dimension: 2, seed: 1)
        let deterministic = try DDIMSampler(schedule: schedule, steps: 25, eta: 0)
        XCTAssertTrue(deterministic.steps.allSatisfy { $0.sigma == 0 })
        XCTAssertEqual(deterministic.run(predictor: ideal, from: xT, dimension: 2, seed: 1).samples,
                       deterministic.run(predictor: ideal, from: xT, dimension: 2, seed: 2).samples)
        let stochastic = try DDIMSampler(schedule: schedule, steps: 25, eta: 1)
        XCTAssertNotEqual(stochastic.run(predictor: ideal, from: xT, dimension: 2, seed: 1).samples,
                          stochastic.run(predictor: ideal, from: xT, dimension: 2, seed: 2).samples)
    }

    func testRecordingEveryKthStepKeepsStatesAndPredictions() {
        let sampler = DDPMSampler(schedule: schedule, variance: .beta)
        let result = sampler.run(predictor: ideal, count: 6, dimension: 2, seed: 4, record: .every(10, predictions: true))
        XCTAssertEqual(result.trajectory.map(\.t), [100, 90, 80, 70, 60, 50, 40, 30, 20, 10, 0])
        XCTAssertEqual(result.trajectory.first?.samples, NoiseStreams.initialNoise(count: 6, dimension: 2, seed: 4))
        XCTAssertEqual(result.trajectory.last?.samples, result.samples)
        XCTAssertNil(result.trajectory.last?.predictedX0)
        // The kept x̂_0 is the one the step computes from the kept x_t and ε*(x_t, t).
        for frame in result.trajectory.dropLast() {
            let eps = ideal.predictNoise(xt: frame.samples, t: frame.t, dimension: 2)
            XCTAssertEqual(frame.predictedX0, sampler.step(at: frame.t).predictedX0(xt: frame.samples, eps: eps))
        }
        XCTAssertEqual(result.points.count, 6)
    }

    func testRecordingChosenTimesKeepsOnlyTimesTheChainVisits() throws {
        let sampler = try DDIMSampler(schedule: schedule, steps: 10, eta: 0)
        XCTAssertEqual(sampler.timesteps, [1, 11, 21, 31, 41, 51, 61, 71, 81, 91])
        let result = sampler.run(predictor: ideal, count: 3, dimension: 2, seed: 4, record: .times([91, 50, 41, 0]))
        XCTAssertEqual(result.trajectory.map(\.t), [91, 41, 0])
        XCTAssertTrue(result.trajectory.allSatisfy { $0.predictedX0 == nil })
        XCTAssertTrue(sampler.run(predictor: ideal, count: 3, dimension: 2, seed: 4).trajectory.isEmpty)
    }
}
