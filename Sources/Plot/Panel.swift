/// One plot: axes, gridlines and any number of line, scatter and arrow layers.
public struct Panel: Sendable {
    public var title: String?
    public var xLabel: String?
    public var yLabel: String?
    public var xScale: AxisScale = .linear
    public var yScale: AxisScale = .linear
    /// `nil`: from the data, padded 5% and extended to nice ticks (not padded when the
    /// panel holds only lines, so curves span the full width).
    public var xRange: ClosedRange<Double>?
    /// `nil`: from the data, padded 5% and extended to nice ticks.
    public var yRange: ClosedRange<Double>?
    public var lines: [LineSeries] = []
    public var scatters: [ScatterLayer] = []
    public var arrows: [ArrowLayer] = []
    /// One data unit is as long on x as on y (for 2D point clouds; linear axes only).
    public var equalAspect = false
    /// Draw a legend (top-right, inside the plot area) when more than one layer has a label.
    public var showLegend = true
    /// `false`: no ticks or tick labels, just a thin frame (for small multiples).
    public var showAxes = true

    public init(title: String? = nil, xLabel: String? = nil, yLabel: String? = nil) {
        self.title = title
        self.xLabel = xLabel
        self.yLabel = yLabel
    }

    /// Every x and y value the panel shows, for automatic ranges.
    var dataValues: (xs: [Double], ys: [Double]) {
        var xs: [Double] = [], ys: [Double] = []
        for line in lines {
            for p in line.points where p.x.isFinite && p.y.isFinite {
                xs.append(p.x)
                ys.append(p.y)
            }
        }
        let points = scatters.flatMap(\.points) + arrows.flatMap { $0.segments.flatMap { [$0.tail, $0.tip] } }
        for p in points where p.x.isFinite && p.y.isFinite {
            xs.append(p.x)
            ys.append(p.y)
        }
        return (xs, ys)
    }
}
