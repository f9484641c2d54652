import Foundation
@testable import ArqlLedger

/// Temporary ledger folders for tests.
enum TestLedger {
  /// The kpi-spec mini-ledger fixture.
  static var miniLedger: String {
    URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/mini-ledger").path
  }

  /// A fresh empty folder.
  static func folder() -> String {
    let path = NSTemporaryDirectory() + "arql-test-" + UUID().uuidString
    try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    return path
  }

  /// A folder holding the given files (name → text).
  static func with(_ files: [String: String]) -> String {
    let dir = folder()
    for (name, text) in files { FileManager.default.createFile(atPath: dir + "/" + name, contents: Data(text.utf8)) }
    return dir
  }

  /// A folder holding the given files as raw bytes.
  static func withBytes(_ files: [String: [UInt8]]) -> String {
    let dir = folder()
    for (name, bytes) in files { FileManager.default.createFile(atPath: dir + "/" + name, contents: Data(bytes)) }
    return dir
  }

  /// Loads a ledger folder.
  static func load(_ dir: String, _ options: LoadOptions = LoadOptions()) throws -> (Ledger, LoadReport) {
    try LedgerLoader.load(directory: dir, options: options)
  }

  /// The error a load throws, or `nil` when it succeeds.
  static func loadError(_ dir: String, _ options: LoadOptions = LoadOptions()) -> LoadError? {
    do {
      _ = try LedgerLoader.load(directory: dir, options: options)
      return nil
    } catch let error as LoadError {
      return error
    } catch {
      return LoadError(.unreadable, "unexpected \(error)")
    }
  }

  static func day(_ iso: String) -> Int32 { Day.parseISO(iso) ?? Int32.min }
  static func cents(_ amount: Double) -> Int64 { Int64((amount * 100).rounded()) }
}
