import FileSupport
import Foundation
import Plot

extension Notebook {
    /// Writes the lesson's page, `index.html` with its `page.json`, from the recorded
    /// cells, moves the run into place (`RunFolder.place`), then refreshes the gallery one
    /// folder up (see `Gallery.covers`). A page that cannot be written or a run that cannot
    /// be moved stops the lesson with one line, like a figure; a gallery that cannot be
    /// written is reported on standard error, and the lesson still succeeds.
    func publishPage(commandLine: [String] = CommandLine.arguments) {
        let now = Date()
        let info = PageInfo(lesson: lesson, title: title, date: now, seconds: now.timeIntervalSince(started),
                            seed: options.seed, quick: options.quick,
                            arguments: PageInfo.lessonArguments(commandLine), figure: firstFigure)
        let hasGallery = Gallery.covers(folder)
        let page = LessonPage(info: info, cells: cells, folder: folder, listing: run.fresh,
                              gallery: hasGallery ? "../" + LessonPage.fileName : nil)
        orFail {
            try info.write(to: run.fresh)
            try AtomicFile.write(page.html, to: written(LessonPage.fileName))
            try run.place()
        }
        guard hasGallery else { return }
        do {
            try Gallery.refresh(in: folder.standardizedFileURL.deletingLastPathComponent())
        } catch {
            FileHandle.standardError.write(Data("\(lesson): the gallery was not updated: \(error)\n".utf8))
        }
    }

    /// The first figure the lesson saved, relative to its folder.
    private var firstFigure: String? {
        for cell in cells {
            for case .figure(let figure) in cell.blocks { return figure.image }
        }
        return nil
    }
}
