import Diffusion

/// Every exercise of the workbook, lesson by lesson; the meta-tests walk this list.
public enum AllExercises {
    public static var entries: [ExerciseEntry] {
        Lesson01Catalog.all + Lesson02Catalog.all + Lesson03Catalog.all + Lesson04Catalog.all
            + Lesson05Catalog.all + Lesson06Catalog.all + Lesson07Catalog.all + Lesson08Catalog.all + Lesson09Catalog.all
            + Lesson10Catalog.all
    }
}

extension NoiseSchedule {
    /// The schedule with the given ᾱ_1 … ᾱ_T, for reference answers that receive only ᾱ:
    /// β_t = 1 − ᾱ_t/ᾱ_{t−1}, with ᾱ_0 = 1.
    init(alphaBars: [Double]) {
        self.init(betas: zip(alphaBars, [1] + alphaBars.dropLast()).map { 1 - $0 / $1 })
    }
}
