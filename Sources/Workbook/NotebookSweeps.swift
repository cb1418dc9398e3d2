import FileSupport
import Foundation
import Plot

/// Figures a reader can move through on the page: the frames of a `Sweep`, one per setting
/// of its controls, with the CSV rows of each setting beside them.
extension Notebook {
    /// Writes the sweep's frames into `name_frames/`, the frame at `initial` as `name.png`
    /// (what the page shows before a control moves, and without JavaScript) and every
    /// stop's rows as `name.csv`.
    public func save(_ sweep: Sweep, as name: String, caption: String, initial: Int = 0) {
        sweep.validate()
        let frames = orFail {
            let urls = try Animation.writeFrames(sweep.stops.map(\.frame), to: written(name + "_frames", directory: true))
            try AtomicFile.write(sweep.stops[initial].frame, to: written(name + ".png"))
            try sweep.data.write(to: written(name + ".csv"))
            return urls
        }
        announce(figure(name, caption: caption, sweep: sweep, frames: frames, initial: initial, animated: false))
    }

    /// Writes the sweep as an animation (`saveAnimation(frames:…)`: numbered frames, the
    /// animated PNG `name.png`, `name.csv` with every stop's rows); on the page it plays
    /// until a control is moved.
    public func saveAnimation(_ sweep: Sweep, as name: String, caption: String, delayMilliseconds: Int = 80) {
        sweep.validate()
        let frames = orFail {
            let urls = try Animation.writeFrames(sweep.stops.map(\.frame), to: written(name + "_frames", directory: true))
            try Animation.writeAPNG(frames: sweep.stops.map(\.frame), delayMilliseconds: delayMilliseconds,
                                    lastFrameDelayMilliseconds: 1500, to: written(name + ".png"))
            try sweep.data.write(to: written(name + ".csv"))
            return urls
        }
        announce(figure(name, caption: caption, sweep: sweep, frames: frames, initial: 0, animated: true))
    }

    /// Writes `figure` and `data` as `save(_:data:as:caption:)` does, and the sweep's frames
    /// into `name_frames/`; each stop's rows must be rows of `data`, so the page's numbers are
    /// the CSV's. Without JavaScript the page shows `figure`; with it, the frame at `initial`.
    public func save(_ figure: some PNGRenderable, data: CSVTable, as name: String, caption: String, sweep: Sweep, initial: Int) {
        sweep.validate()
        let dataRows = Set(data.rows.map { $0.map(\.field) })
        for stop in sweep.stops {
            precondition(sweep.columns == data.columns && stop.rows.allSatisfy { dataRows.contains($0.map(\.field)) },
                         "The rows of the sweep's stop \(stop.values) must be rows of \(name).csv.")
        }
        let png = orFail { try figure.pngData() }
        let frames = orFail {
            try data.write(to: written(name + ".csv"))
            try AtomicFile.write(png, to: written(name + ".png"))
            return try Animation.writeFrames(sweep.stops.map(\.frame), to: written(name + "_frames", directory: true))
        }
        announce(self.figure(name, caption: caption, sweep: sweep, frames: frames, initial: initial, animated: false))
    }

    private func figure(_ name: String, caption: String, sweep: Sweep, frames: [URL], initial: Int, animated: Bool) -> FigureFile {
        let names = frames.map { name + "_frames/" + $0.lastPathComponent }
        var file = FigureFile(image: name + ".png", data: name + ".csv", caption: caption, frames: name + "_frames")
        file.sweep = SweepFigure(name: name, sweep: sweep, frames: names, initial: initial, animated: animated)
        return file
    }
}
