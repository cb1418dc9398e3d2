// Lesson 09 — Conditioning and classifier-free guidance.
import ArgumentParser
import Diffusion
import Foundation
import ImageData
import Plot
import Workbook

let options = Options.parseOrFail()
let loaded = DigitModel.load(options)
let book = Notebook(lesson: "Lesson09", title: "Conditioning and classifier-free guidance", options: options.common)
let network = loaded ?? DigitModel.train(options, book: book)
book.finish(exercises: [])
