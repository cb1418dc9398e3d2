import TrainedModels

/// Lesson 09's class-conditional image model, shipped in this lesson's `model/` folder.
let shippedModel = ShippedModel(relativePath: "Lessons/Lesson09/model/digits.ckpt")
