// swift-tools-version:6.0
import Foundation
import PackageDescription

/// The math module and the figure module run optimized in every configuration, so a
/// learner's plain `swift run LessonNN` (a debug build) is fast. `-O` comes after SwiftPM's
/// `-Onone`, so it wins; `-enable-testing` stays and `@testable import` still works.
#if arch(x86_64)
/// Swift's default x86-64 target is plain SSE2. The kernels of the networks need AVX2 and FMA,
/// so the math module is built for one fixed level, `haswell` (x86-64-v3: AVX2, FMA, BMI2;
/// this compiler does not accept the name x86-64-v3), not for the build machine (`native`):
/// every x86-64 CPU with AVX2 (Intel Haswell and later, AMD Zen) then runs the same
/// instructions and trains the same weights (Lessons/Lesson07/model/README.md), where
/// `native` let AVX-512 machines choose other code. On a CPU without AVX2 ("Illegal
/// instruction"), build with `DIFFUSION_TARGET_CPU=native swift run …`.
let targetCPU = ProcessInfo.processInfo.environment["DIFFUSION_TARGET_CPU"] ?? "haswell"
let optimized: [SwiftSetting] = [.unsafeFlags(["-O", "-target-cpu", targetCPU])]
/// The products and Winograd's transforms once more, for Intel Skylake-SP's AVX-512 (F, CD, BW,
/// DQ, VL; Intel since 2017, AMD since Zen 4): `Sources/KernelsAVX512` is a link to
/// `Sources/Kernels` (SwiftPM takes a file into one target only), built with 16-float
/// vectors. The math module runs it where the CPU has AVX-512 (`KernelLevel`); it sums
/// every value in the same order as the AVX2 build, so both train the same weights.
let kernelTargets: [Target] = [
    .target(name: "KernelsAVX512", dependencies: ["KernelOperands"], exclude: ["README.md"],
            swiftSettings: [.define("AVX512"), .unsafeFlags(["-O", "-target-cpu", "skylake-avx512"])]),
]
#else
let optimized: [SwiftSetting] = [.unsafeFlags(["-O"])]
let kernelTargets: [Target] = []
#endif

let lessons: [String] = ["Lesson01", "Lesson02", "Lesson03", "Lesson04", "Lesson05", "Lesson06", "Lesson07", "Lesson08", "Lesson09", "Lesson10"]

/// Files in a lesson's folder that are not its sources: the shipped models of Lessons 07 and 09, read from
/// disk at run time (not a SwiftPM resource).
let lessonFiles: [String: [String]] = ["Lesson07": ["model"], "Lesson09": ["model"]]

let lessonTargets: [Target] = lessons.map { name in
    .executableTarget(name: name, dependencies: ["Diffusion", "ExerciseChecks", "FileSupport", "ImageData", "Plot", "TrainedModels", "Workbook"],
                      path: "Lessons/\(name)",
                      exclude: lessonFiles[name] ?? [])
}
/// Notebooks of the learner's own (Lessons/Playground; README, "Your own notebook"): copy the folder, add its name here.
let playgrounds: [String] = ["Playground"]
let playgroundTargets: [Target] = playgrounds.map { name in
    .executableTarget(name: name, dependencies: ["Diffusion", "Plot", "Workbook"], path: "Lessons/\(name)")
}
let lessonDependencies: [Target.Dependency] = (lessons + playgrounds).map { .target(name: $0) }

let package = Package(
    name: "DiffusionWorkbook",
    platforms: [.macOS(.v13)],
    products: (lessons + playgrounds).map { Product.executable(name: $0, targets: [$0]) },
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        // `swift package generate-documentation --target Diffusion` (DocC).
        .package(url: "https://github.com/swiftlang/swift-docc-plugin", from: "1.5.0"),
    ],
    targets: [
        .systemLibrary(
            name: "CCairo",
            pkgConfig: "cairo",
            providers: [.apt(["libcairo2-dev"]), .brew(["cairo"])]
        ),
        .systemLibrary(
            name: "CZlib",
            pkgConfig: "zlib",
            providers: [.apt(["zlib1g-dev"]), .brew(["zlib"])]
        ),
        /// Atomic writes, CRC-32, gzip, byte order: what every module needs to read and write files.
        .target(name: "FileSupport", dependencies: ["CZlib"], exclude: ["README.md"], swiftSettings: optimized),
        /// The network kernels (README.md) and the types their products take; `CPUFeatures` tells
        /// the math module whether to run the AVX-512 build of them.
        .target(name: "KernelOperands", swiftSettings: optimized),
        .target(name: "Kernels", dependencies: ["KernelOperands"], exclude: ["README.md"], swiftSettings: optimized),
        .target(name: "CPUFeatures"),
        .target(name: "Diffusion", dependencies: ["CPUFeatures", "FileSupport", "KernelOperands", "Kernels"]
                    + kernelTargets.map { .target(name: $0.name) },
                exclude: ["README.md"], swiftSettings: optimized),
        .target(name: "Plot", dependencies: ["CCairo", "FileSupport"], exclude: ["README.md"], swiftSettings: optimized),
        .target(name: "ImageData", dependencies: ["CCairo", "Diffusion", "FileSupport"], exclude: ["README.md"], swiftSettings: optimized),
        .target(
            name: "Workbook",
            dependencies: [
                "Diffusion", "FileSupport", "Plot",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            exclude: ["README.md"]
        ),
        .target(
            name: "TrainedModels",
            dependencies: ["Diffusion", "ImageData", "Workbook", .product(name: "ArgumentParser", package: "swift-argument-parser")],
            exclude: ["README.md"]
        ),
        .executableTarget(name: "Benchmarks", dependencies: ["Diffusion", "ImageData", "TrainedModels", .product(name: "ArgumentParser", package: "swift-argument-parser")], path: "Sources/Benchmarks", swiftSettings: optimized),
        .testTarget(name: "FileSupportTests", dependencies: ["FileSupport"]),
        .testTarget(name: "DiffusionTests", dependencies: ["Diffusion", "FileSupport", "KernelOperands"]),
        .testTarget(name: "PlotTests", dependencies: ["Plot", "Diffusion", "FileSupport"]),
        .testTarget(name: "ImageDataTests", dependencies: ["ImageData", "Diffusion", "FileSupport", "Plot"]),
        .testTarget(name: "ReaderFuzzTests", dependencies: ["Diffusion", "FileSupport", "ImageData", "Plot"]),
        .testTarget(name: "LessonTests", dependencies: ["Diffusion", "ExerciseChecks", "Plot", "TrainedModels", "Workbook", "Grade"] + lessonDependencies),
    ] + kernelTargets + lessonTargets + playgroundTargets,
    swiftLanguageModes: [.v6]
)

// Classroom exercises: stubs students fill in (Sources/Exercises) and the checks that grade them.
package.targets += [
    .target(name: "Exercises", dependencies: ["Diffusion"]),
    // The checks, their fixtures and the catalog of exercises: shared by the tests, `Grade` and `--mine`.
    // Optimized like the math module: `--mine` compares every value a lesson computes.
    .target(name: "ExerciseChecks", dependencies: ["Exercises", "Diffusion"], swiftSettings: optimized),
    // The exercise tests run each check in a child process, `Grade --exercise NAME` (CheckProcess).
    .testTarget(name: "ExerciseTests", dependencies: ["ExerciseChecks", "Exercises", "Diffusion", "Grade"]),
    // `swift run Grade`: a teacher's report of every exercise.
    .executableTarget(name: "Grade", dependencies: [
        "ExerciseChecks", "Plot", "Workbook", .product(name: "ArgumentParser", package: "swift-argument-parser"),
    ]),
]
