import CCairo

/// One character of one typeface as a vector outline, read from the font with Cairo's toy
/// text API. Coordinates are font units at `GlyphOutline.fontSize`, y pointing down.
struct GlyphOutline: Sendable {
    enum Element: Sendable {
        case move(SIMD2<Double>)
        case line(SIMD2<Double>)
        case curve(SIMD2<Double>, SIMD2<Double>, SIMD2<Double>)
        case close
    }

    /// The size the outline is read at; large, so the flattened centroid is accurate.
    static let fontSize = 100.0

    let elements: [Element]
    /// Centre of mass of the filled outline: what MNIST centres each digit on.
    let centroid: SIMD2<Double>
    /// Corners of the ink bounding box.
    let lower: SIMD2<Double>, upper: SIMD2<Double>

    /// The larger side of the ink box, which MNIST scales to a fixed size.
    var extent: Double { max(upper.x - lower.x, upper.y - lower.y) }

    /// The outline of `character` in `face`, slanted right by `shear` (x grows by shear × height
    /// above the baseline), drawn with the scratch context `cr`.
    init(_ character: String, face: OpaquePointer, shear: Double = 0, cr: OpaquePointer) {
        cairo_new_path(cr)
        cairo_set_font_face(cr, face)
        var matrix = cairo_matrix_t(xx: Self.fontSize, yx: 0, xy: -shear * Self.fontSize, yy: Self.fontSize, x0: 0, y0: 0)
        cairo_set_font_matrix(cr, &matrix)
        cairo_move_to(cr, 0, 0)
        cairo_text_path(cr, character)
        var box = (0.0, 0.0, 0.0, 0.0)
        cairo_fill_extents(cr, &box.0, &box.1, &box.2, &box.3)
        lower = SIMD2(box.0, box.1)
        upper = SIMD2(box.2, box.3)
        elements = Self.elements(of: cairo_copy_path(cr))
        centroid = Self.centroid(of: cairo_copy_path_flat(cr)) ?? (lower + upper) / 2
        cairo_new_path(cr)
    }

    /// The outline filled white on black by Cairo, anti-aliased, into a `width × height`
    /// grid whose top-left corner is font-unit point `origin`, at `resolution` pixels per
    /// unit: coverage 0…255, row-major.
    func coverage(width: Int, height: Int, origin: SIMD2<Double>, resolution: Double) -> [UInt8] {
        let surface = cairo_image_surface_create(CAIRO_FORMAT_A8, Int32(width), Int32(height))
        let cr = cairo_create(surface)!
        defer {
            cairo_destroy(cr)
            cairo_surface_destroy(surface)
        }
        cairo_scale(cr, resolution, resolution)
        cairo_translate(cr, -origin.x, -origin.y)
        append(to: cr)
        cairo_fill(cr)
        cairo_surface_flush(surface)
        let stride = Int(cairo_image_surface_get_stride(surface))
        let data = cairo_image_surface_get_data(surface)!
        return (0..<(width * height)).map { data[$0 / width * stride + $0 % width] }
    }

    /// Adds the outline to `cr`'s path through its current transformation.
    private func append(to cr: OpaquePointer) {
        for element in elements {
            switch element {
            case .move(let p): cairo_move_to(cr, p.x, p.y)
            case .line(let p): cairo_line_to(cr, p.x, p.y)
            case .curve(let a, let b, let c): cairo_curve_to(cr, a.x, a.y, b.x, b.y, c.x, c.y)
            case .close: cairo_close_path(cr)
            }
        }
    }

    /// Walks a `cairo_path_t` (a header, then `length − 1` points, per element) and frees it.
    private static func elements(of path: UnsafeMutablePointer<cairo_path_t>) -> [Element] {
        defer { cairo_path_destroy(path) }
        var elements: [Element] = []
        var index = 0
        while index < Int(path.pointee.num_data) {
            let data = path.pointee.data!
            let header = data[index].header
            func point(_ offset: Int) -> SIMD2<Double> { SIMD2(data[index + offset].point.x, data[index + offset].point.y) }
            switch header.type {
            case CAIRO_PATH_MOVE_TO: elements.append(.move(point(1)))
            case CAIRO_PATH_LINE_TO: elements.append(.line(point(1)))
            case CAIRO_PATH_CURVE_TO: elements.append(.curve(point(1), point(2), point(3)))
            default: elements.append(.close)
            }
            index += Int(header.length)
        }
        return elements
    }

    /// The area centroid of a flattened path (only moves, lines and closes) by the shoelace
    /// formula, each sub-path closed; holes wind the other way, so their signed area
    /// subtracts. Nil for a path without area. Frees the path.
    private static func centroid(of path: UnsafeMutablePointer<cairo_path_t>) -> SIMD2<Double>? {
        let polygons = elements(of: path).reduce(into: [[SIMD2<Double>]]()) { polygons, element in
            switch element {
            case .move(let p): polygons.append([p])
            case .line(let p): polygons[polygons.count - 1].append(p)
            case .curve, .close: break
            }
        }
        var area = 0.0
        var moment = SIMD2<Double>(0, 0)
        for polygon in polygons {
            for (i, a) in polygon.enumerated() {
                let b = polygon[(i + 1) % polygon.count]
                let cross = a.x * b.y - b.x * a.y
                area += cross / 2
                moment += (a + b) * cross / 6
            }
        }
        return abs(area) > 1e-9 ? moment / area : nil
    }
}
