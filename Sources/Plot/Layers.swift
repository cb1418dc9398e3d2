/// How values map onto an axis.
public enum AxisScale: Sendable {
    case linear
    case log
}

/// How a line is stroked.
public enum LineStyle: Sendable {
    case solid
    case dashed
    case dotted
}

/// A polyline through `(xs[i], ys[i])`; non-finite points (and non-positive ones on log
/// axes) break the line instead of being drawn.
public struct LineSeries: Sendable {
    public var label: String?
    public var xs: [Double]
    public var ys: [Double]
    /// `nil`: the panel's next palette colour.
    public var color: Color?
    public var style: LineStyle
    /// Stroke width in pixels.
    public var width: Double

    public init(label: String? = nil, xs: [Double], ys: [Double], color: Color? = nil, style: LineStyle = .solid, width: Double = 2) {
        self.label = label
        self.xs = xs
        self.ys = ys
        self.color = color
        self.style = style
        self.width = width
    }

    /// The points, pairing `xs` and `ys` up to the shorter of the two.
    var points: [SIMD2<Double>] {
        zip(xs, ys).map { SIMD2($0, $1) }
    }
}

/// A point cloud drawn as small translucent dots, so dense regions look dense.
public struct ScatterLayer: Sendable {
    public var label: String?
    public var points: [SIMD2<Double>]
    /// `nil`: the panel's next palette colour.
    public var color: Color?
    /// Dot radius in pixels.
    public var radius: Double
    /// Opacity of one dot; overlapping dots blend darker.
    public var alpha: Double

    public init(label: String? = nil, points: [SIMD2<Double>], color: Color? = nil, radius: Double = 1.5, alpha: Double = 0.35) {
        self.label = label
        self.points = points
        self.color = color
        self.radius = radius
        self.alpha = alpha
    }
}

/// A quiver plot: an arrow from each origin along `vector × scale` (in data units).
public struct ArrowLayer: Sendable {
    public var label: String?
    public var origins: [SIMD2<Double>]
    public var vectors: [SIMD2<Double>]
    /// `nil`: the panel's next palette colour.
    public var color: Color?
    /// Multiplies every vector before drawing.
    public var scale: Double

    public init(label: String? = nil, origins: [SIMD2<Double>], vectors: [SIMD2<Double>], color: Color? = nil, scale: Double = 1) {
        self.label = label
        self.origins = origins
        self.vectors = vectors
        self.color = color
        self.scale = scale
    }

    /// Each arrow's tail and tip, pairing origins and vectors up to the shorter of the two.
    var segments: [(tail: SIMD2<Double>, tip: SIMD2<Double>)] {
        zip(origins, vectors).map { ($0, $0 + $1 * scale) }
    }
}
