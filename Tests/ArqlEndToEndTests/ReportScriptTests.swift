import Foundation
import Testing

/// The report scripts of examples/reports (kpi-spec §8.6) on the demo ledger: each runs with
/// exit 0 and prints exactly its recorded output, and some of their figures are recomputed from
/// the CSV files by an independent Python script.
@Suite("Report scripts on the demo ledger")
struct ReportScriptTests {
  static let reports = ["weekly_overdue", "top_late_customers", "disputes", "dispute_dso", "promises", "delays_by_category",
                        "credit_limits", "payment_habits", "team", "cash_forecast"]

  @Test("golden: examples/reports/NAME.arql (RECORD=1 re-records)", arguments: reports)
  func golden(name: String) throws {
    let script = ArqlBinary.root + "/examples/reports/\(name).arql"
    let run = try ArqlBinary.run(["run", script, ArqlBinary.root + "/examples/demo"])
    #expect(run.status == 0, "\(run.stderr)")
    #expect(run.stderr.isEmpty, "\(run.stderr)")
    let expectedPath = ArqlBinary.root + "/Tests/Fixtures/expected/reports/\(name).out"
    if ProcessInfo.processInfo.environment["RECORD"] == "1" {
      try FileManager.default.createDirectory(atPath: ArqlBinary.root + "/Tests/Fixtures/expected/reports", withIntermediateDirectories: true)
      try run.stdout.write(toFile: expectedPath, atomically: true, encoding: .utf8)
    }
    let expected = try String(contentsOfFile: expectedPath, encoding: .utf8)
    #expect(run.stdout == expected)
  }

  @Test("every script in examples/reports is in the golden list")
  func listed() throws {
    let names = try FileManager.default.contentsOfDirectory(atPath: ArqlBinary.root + "/examples/reports")
      .filter { $0.hasSuffix(".arql") }.map { String($0.dropLast(5)) }
    #expect(Set(names) == Set(Self.reports))
  }

  @Test("credit overruns, paid-only delays per category and the Q4 collection rate agree with plain Python")
  func crossCheck() throws {
    let python = Process()
    python.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    python.arguments = ["python3", ArqlBinary.root + "/scripts/crosscheck_reports.py", ArqlBinary.root + "/examples/demo", "2025-12-31"]
    let out = Pipe()
    python.standardOutput = out
    python.standardError = FileHandle.nullDevice
    try python.run()
    let text = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    python.waitUntilExit()
    try #require(python.terminationStatus == 0)
    var expected: [String: String] = [:]
    for line in text.split(separator: "\n") {
      let parts = line.split(separator: "\t", maxSplits: 1).map(String.init)
      if parts.count == 2 { expected[parts[0]] = parts[1] }
    }
    let demo = ArqlBinary.root + "/examples/demo"
    let credit = try ArqlBinary.run([demo, "--format", "csv", "-c", "credit_overrun, customers_over_limit, customers_over_90pct as of 2025-12-31"])
    let values = credit.stdout.split(separator: "\n").last.map { $0.split(separator: ",").map(String.init) } ?? []
    #expect(values == [expected["credit_overrun"], expected["customers_over_limit"], expected["customers_over_90pct"]].compactMap { $0 })
    let delays = try ArqlBinary.run([demo, "--format", "csv", "-c", "payment_delay(open: exclude) by category as of 2025-12-31"])
    for line in delays.stdout.split(separator: "\n").dropFirst() {
      let parts = line.split(separator: ",").map(String.init)
      guard parts.count == 2, let value = Double(parts[1]) else { continue }
      #expect(String(format: "%.2f", value) == expected["paid_only[\(parts[0])]"], "\(parts[0])")
    }
    #expect(expected.keys.filter { $0.hasPrefix("paid_only[") }.count == 5)
    let rate = try ArqlBinary.run([demo, "--format", "csv", "-c", "collection_rate in 2025-Q4 as of 2025-12-31"])
    let collection = rate.stdout.split(separator: "\n").last.flatMap { Double($0) }
    #expect(collection.map { String(format: "%.4f", $0) } == expected["collection_rate"])
  }
}
