// swift-tools-version: 6.0
import Foundation
import PackageDescription

/// One module per pipeline stage (DESIGN.md §2), so the compiler enforces the arrows:
/// Ledger and Language know nothing of each other; Engine joins them; Report renders;
/// Shell drives everything; the `arql` executable is a thin front end.
let package = Package(
  name: "arql",
  platforms: [.macOS(.v14)],
  products: [
    .executable(name: "arql", targets: ["arql"])
  ],
  dependencies: [
    .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0")
  ],
  targets: [
    // Helpers every stage shares (did-you-mean); imports nothing.
    .target(name: "ArqlSupport"),
    .target(name: "ArqlLedger", dependencies: ["ArqlSupport"]),
    .target(name: "ArqlLanguage", dependencies: ["ArqlSupport"]),
    .target(name: "ArqlEngine", dependencies: ["ArqlLedger", "ArqlLanguage", "ArqlSupport"]),
    .target(name: "ArqlReport", dependencies: ["ArqlEngine"]),
    // Running queries on PostgreSQL, DuckDB and Spark SQL through their own tools, and writing
    // a ledger's tables for them.
    .target(name: "ArqlSQL", dependencies: ["ArqlEngine", "ArqlLedger", "ArqlLanguage"]),
    .target(name: "ArqlShell", dependencies: ["ArqlLedger", "ArqlLanguage", "ArqlEngine", "ArqlReport", "ArqlSQL", "ArqlSupport"]),
    .systemLibrary(
      name: "CLibEdit",
      pkgConfig: "libedit",
      providers: [.apt(["libedit-dev"]), .brew(["libedit"])]
    ),
    .executableTarget(
      name: "arql",
      dependencies: [
        "ArqlShell",
        "CLibEdit",
        .product(name: "ArgumentParser", package: "swift-argument-parser"),
      ]
    ),
    .testTarget(name: "ArqlLedgerTests", dependencies: ["ArqlLedger"], exclude: ["Fixtures"]),
    .testTarget(name: "ArqlLanguageTests", dependencies: ["ArqlLanguage", "ArqlSupport"]),
    .testTarget(name: "ArqlEngineTests", dependencies: ["ArqlEngine", "ArqlLedger", "ArqlLanguage", "ArqlReport"]),
    .testTarget(name: "ArqlShellTests", dependencies: ["ArqlShell", "ArqlEngine", "ArqlLedger", "ArqlReport"]),
    .testTarget(name: "ArqlReportTests", dependencies: ["ArqlReport", "ArqlEngine", "ArqlLedger"], exclude: ["Golden"]),
    .testTarget(name: "ArqlSQLTests", dependencies: ["ArqlSQL", "ArqlShell", "ArqlEngine", "ArqlLedger", "ArqlLanguage", "ArqlReport"]),
    .testTarget(name: "ArqlEndToEndTests"),
  ]
)

// `make fuzz` (ARQL_FUZZ=1): the libFuzzer entry points of Fuzz/ArqlFuzz, built with
// `-sanitize=fuzzer,address` in .build-fuzz. libFuzzer supplies `main`, so the target exists
// only in that build.
if ProcessInfo.processInfo.environment["ARQL_FUZZ"] != nil {
  package.products.append(.executable(name: "arql-fuzz", targets: ["ArqlFuzz"]))
  package.targets.append(.executableTarget(
    name: "ArqlFuzz", dependencies: ["ArqlEngine", "ArqlLanguage", "ArqlLedger"], path: "Fuzz/ArqlFuzz",
    swiftSettings: [.unsafeFlags(["-parse-as-library"])]))
}
