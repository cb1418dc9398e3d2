import Plot

/// One frame of an animation: a single square panel rendered to PNG bytes, the same size
/// every time so the frames assemble into one animated PNG.
public enum AnimationFrame {
    public static func png(_ panel: Panel, side: Double = 420) -> [UInt8] {
        var figure = Figure(title: nil, panels: [panel])
        figure.panelWidth = side
        figure.panelHeight = side
        return orFail { try figure.pngData() }
    }
}
