/// The data side of `EnergyDistanceComparison`, computed once: a lesson that scores many
/// sample sets against the same held-out data pays for the data's own pairs (the largest
/// term, m² distances) and the drawn floor only once.
public struct EnergyDistanceReference: Sendable {
    /// The held-out data every sample set is compared with.
    public let data: [SIMD2<Double>]
    /// E‖Y − Y′‖ over the data's pairs (V-statistic).
    let dataSpread: Double
    /// D²(independent data, data), the drawn floor.
    let floor: Double
    /// The size of the independent draw: every sample set compared must be this large.
    public let count: Int

    /// `data` to compare against and `independentData`, a second draw of the data as large as
    /// the sample sets to come.
    /// - Parameters:
    ///   - data: The held-out data.
    ///   - independentData: A second draw, as large as the sample sets to come.
    public init(data: [SIMD2<Double>], independentData: [SIMD2<Double>]) {
        precondition(data.count >= 2 && !independentData.isEmpty, "A reference needs at least two data points and an independent draw.")
        self.data = data
        count = independentData.count
        dataSpread = meanPairwiseDistance(data, data)
        floor = 2 * meanPairwiseDistance(independentData, data) - meanPairwiseDistance(independentData, independentData) - dataSpread
    }

    /// The same numbers as `EnergyDistanceComparison(samples:data:independentData:)`.
    /// - Parameter samples: `count` generated points.
    /// - Returns: Their energy distance with both floors.
    public func compare(_ samples: [SIMD2<Double>]) -> EnergyDistanceComparison {
        precondition(samples.count == count, "The floor was drawn for \(count) samples; got \(samples.count).")
        let distance = 2 * meanPairwiseDistance(samples, data) - meanPairwiseDistance(samples, samples) - dataSpread
        let m = Double(data.count), n = Double(samples.count)
        return EnergyDistanceComparison(distance: distance, floor: floor, expectedFloor: dataSpread * m / (m - 1) * (1 / n + 1 / m))
    }
}

extension EnergyDistanceComparison {
    init(distance: Double, floor: Double, expectedFloor: Double) {
        self.distance = distance
        self.floor = floor
        self.expectedFloor = expectedFloor
    }
}
