import Foundation
import Testing

/// `arql export-sql` and `arql --engine` as a user runs them: the files written, the queries'
/// output equal to the native one, and every engine failure an exit 2 that never prints a password.
@Suite("SQL engines from the command line", .serialized)
struct EngineCommandTests {
  static var demo: String { ArqlBinary.root + "/examples/demo" }
  static let duckdb = (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":")
    .contains { FileManager.default.isExecutableFile(atPath: "\($0)/duckdb") }
  static let required = ProcessInfo.processInfo.environment["ARQL_REQUIRE_ENGINES"] == "1"

  static func temporary(_ name: String) -> String {
    NSTemporaryDirectory() + "arql-\(name)-" + UUID().uuidString
  }

  @Test("export-sql --dialect writes one CSV per table and a load script in the dialect")
  func exportFiles() throws {
    for (dialect, marker) in [("postgres", "\\copy invoices FROM"), ("duckdb", "COPY invoices FROM"), ("spark", "USING csv OPTIONS")] {
      let out = Self.temporary("export-\(dialect)")
      let run = try ArqlBinary.run(["export-sql", Self.demo, "--dialect", dialect, "--out", out])
      #expect(run.status == 0, "\(run.stderr)")
      #expect(run.stdout.contains("invoices 2,143, payments 1,887, customers 200, exposures 109"), "\(run.stdout)")
      let script = try String(contentsOfFile: out + "/load.sql", encoding: .utf8)
      #expect(script.contains(marker), "\(dialect): \(script)")
      #expect(script.contains("\"amount\" DECIMAL(18,2)") || script.contains("`amount` DECIMAL(18,2)"))
      let invoices = try String(contentsOfFile: out + "/invoices.csv", encoding: .utf8)
      #expect(invoices.hasPrefix("invoice_id,customer_id,doc_type,doc_date,posting_date,due_date,"))
      #expect(invoices.split(separator: "\n").count == 2_144)
    }
  }

  @Test("explain sql prints a statement in each dialect; a metric that does not compile says why")
  func explainSQL() throws {
    let spark = try ArqlBinary.run([Self.demo, "-c", "explain sql spark dbt by division last 90 days"])
    #expect(spark.status == 0, "\(spark.stderr)")
    #expect(spark.stdout.contains("datediff(p.payment_date, t.due_date)"))
    #expect(spark.stdout.contains("`division`"))
    let postgres = try ArqlBinary.run([Self.demo, "-c", "explain sql postgres aged balance by division"])
    #expect(postgres.stdout.contains("(x.d_as_of - i.due_date) <= 0"))
    #expect(postgres.stdout.contains("\"division\""))
    let unsupported = try ArqlBinary.run([Self.demo, "-c", "explain sql duckdb forecast by month next 3 months"])
    #expect(unsupported.status == 1)
    #expect(unsupported.stderr.contains("does not compile to SQL yet: the forecast dates each open item"), "\(unsupported.stderr)")
  }

  @Test("an unreachable engine, a wrong address and missing tables exit 2; no password is printed")
  func failures() throws {
    let refused = try ArqlBinary.run(["--engine", "postgres://arql:s3cret-pw@127.0.0.1:1/arql", "-c", "balance"])
    #expect(refused.status == 2, "\(refused.stdout) \(refused.stderr)")
    #expect(refused.stderr.contains("PostgreSQL"))
    #expect(!refused.stderr.contains("s3cret-pw") && !refused.stdout.contains("s3cret-pw"))
    #expect(refused.stderr.contains("arql:***@127.0.0.1:1"), "\(refused.stderr)")
    let unknown = try ArqlBinary.run(["--engine", "mysql://root:hunter2@db/x", "-c", "balance"])
    #expect(unknown.status == 2)
    #expect(unknown.stderr.contains("names no engine arql knows") && !unknown.stderr.contains("hunter2"))
    if let url = ProcessInfo.processInfo.environment["ARQL_PG_URL"], let at = url.firstIndex(of: "@") {
      // A user the server does not know, with a password: refused, exit 2, the password masked.
      let wrong = "postgres://nobody:pa55word" + url[at...]
      let refused = try ArqlBinary.run(["--engine", wrong, "-c", "balance"])
      #expect(refused.status == 2)
      #expect(refused.stderr.contains("check the user and password") && !refused.stderr.contains("pa55word"), "\(refused.stderr)")
    }
    guard Self.duckdb || Self.required else { return }
    let empty = Self.temporary("empty") + ".duckdb"
    let missing = try ArqlBinary.run(["--engine", "duckdb:" + empty, "-c", "balance"])
    #expect(missing.status == 2)
    #expect(missing.stderr.contains("arql export-sql LEDGER --engine duckdb:"), "\(missing.stderr)")
  }

  @Test("export-sql --engine loads DuckDB, and arql --engine answers as the native run, byte for byte")
  func duckdbRoundTrip() throws {
    guard Self.duckdb || Self.required else { return }
    let database = Self.temporary("round") + ".duckdb"
    let load = try ArqlBinary.run(["export-sql", Self.demo, "--engine", "duckdb:" + database])
    #expect(load.status == 0, "\(load.stderr)")
    #expect(load.stdout.contains("loaded into duckdb:"))
    let queries = ["dso, cei, dbt by division last 90 days", "aged balance by customer top 10", "collected by month last 6 months vs previous period",
                   "balance, overdue by collector where days_past_due > 30"]
    for query in queries {
      let native = try ArqlBinary.run([Self.demo, "-c", query])
      let engine = try ArqlBinary.run(["--engine", "duckdb:" + database, "-c", query])
      #expect(engine.status == 0, "\(query): \(engine.stderr)")
      #expect(engine.stdout == native.stdout, "\(query)\nnative:\n\(native.stdout)\nengine:\n\(engine.stdout)")
    }
    // A script, with no ledger of its own: the same report.
    for script in ["examples/position.arql", "examples/reports/credit_limits.arql", "examples/reports/team.arql"] {
      let native = try ArqlBinary.run(["run", ArqlBinary.root + "/" + script, Self.demo])
      let engine = try ArqlBinary.run(["run", ArqlBinary.root + "/" + script, "--engine", "duckdb:" + database])
      #expect(native.status == 0 && engine.status == 0, "\(script): \(engine.stderr)")
      #expect(engine.stdout == native.stdout, "\(script)\nnative:\n\(native.stdout)\nengine:\n\(engine.stdout)")
    }
  }
}
