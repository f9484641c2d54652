import ArqlEngine
import ArqlLanguage
import ArqlLedger
import Foundation

/// Runs queries on the kpi-spec mini-ledger (or another ledger) through the parser and engine.
struct EngineFixture {
  static var miniLedgerPath: String {
    URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
      .appendingPathComponent("ArqlLedgerTests/Fixtures/mini-ledger").path
  }

  static let mini: Ledger? = try? LedgerLoader.load(directory: miniLedgerPath).0

  let engine: QueryEngine

  init(_ ledger: Ledger? = EngineFixture.mini, today: String = "2026-11-29") {
    engine = QueryEngine(ledger: ledger ?? EngineFixture.empty, today: Day.parseISO(today) ?? 0)
  }

  /// Runs on an engine made elsewhere (its session state is shared).
  init(engine: QueryEngine) {
    self.engine = engine
  }

  static var empty: Ledger {
    let dir = NSTemporaryDirectory() + "arql-empty-" + UUID().uuidString
    try? FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
    FileManager.default.createFile(atPath: dir + "/invoices.csv", contents: Data("invoice_id,customer_id,doc_date,amount\n".utf8))
    return (try? LedgerLoader.load(directory: dir).0)!  // a header-only file always loads
  }

  /// Writes the files (name → text) into a fresh temporary folder named after `name`.
  static func folder(_ name: String, _ files: [String: String]) -> String {
    let dir = NSTemporaryDirectory() + "arql-\(name)-" + UUID().uuidString
    try? FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
    for (file, text) in files { try? text.write(toFile: dir + "/" + file, atomically: true, encoding: .utf8) }
    return dir
  }

  /// The error a script stops with, as text; "no error" when it runs.
  func error(_ text: String) -> String {
    do {
      _ = try run(text)
      return "no error"
    } catch {
      return String(describing: error)
    }
  }

  /// Runs a script; returns the last table. Throws the engine error or a parse failure.
  func run(_ text: String) throws -> ResultTable {
    let result = Parser.parse(text, context: engine.parserContext)
    guard case .complete(let script) = result else { throw FixtureError.parse("\(result.diagnostics.map(\.message))") }
    var last: ResultTable? = nil
    for statement in script.statements {
      if case .table(let table, _) = try engine.execute(statement) { last = table }
    }
    guard let last else { throw FixtureError.parse("no table") }
    return last
  }

  /// The cells of a column, as text (money with two decimals).
  func column(_ text: String, _ name: String) throws -> [String] {
    let table = try run(text)
    guard let column = table.column(name) else { throw FixtureError.parse("no column \(name) in \(table.columns.map(\.name))") }
    return column.values.map { value in
      if case .number(let d) = value { return String(format: "%.4f", d) }
      return value.description
    }
  }

  /// The single cell of a one-row result.
  func value(_ text: String, _ name: String? = nil) throws -> String {
    let table = try run(text)
    let column = try name.map { n in try table.column(n) ?? { throw FixtureError.parse("no column \(n)") }() }
      ?? table.columns.first { $0.role == .metric }
    guard let column, column.values.count == 1 else { throw FixtureError.parse("expected one row, got \(table.rowCount)") }
    if case .number(let d) = column.values[0] { return String(format: "%.4f", d) }
    return column.values[0].description
  }

  enum FixtureError: Error { case parse(String) }
}
