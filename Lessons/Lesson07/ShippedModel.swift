import TrainedModels

/// The image model that ships with the workbook, in this lesson's `model/` folder.
let shippedModel = ShippedModel(relativePath: "Lessons/Lesson07/model/digits.ckpt")
