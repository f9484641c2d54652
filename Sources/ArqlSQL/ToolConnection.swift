import ArqlEngine
import ArqlLanguage
import Foundation

/// A connection that runs each statement through an engine's command-line tool and reads its
/// CSV output: `psql`, `duckdb` or `spark-sql`. No wire protocol is written here; the tools
/// are the engines' own clients (README, design notes).
class ToolConnection: SQLConnection {
  let address: EngineAddress
  var dialect: SQLDialect { address.dialect }
  var displayName: String { "\(engineName) (\(address.safeText))" }
  /// The engine's name in messages.
  var engineName: String { "" }
  /// The tool's name, found on PATH.
  var toolName: String { "" }
  /// How to install the tool, for the message when it is missing.
  var installHint: String { "" }

  init(address: EngineAddress) {
    self.address = address
  }

  /// The tool's arguments and environment for one statement given on standard input.
  func invocation() -> (arguments: [String], environment: [String: String]) { ([], [:]) }

  /// Where the tool runs; nil: the current folder.
  var workingDirectory: String? { nil }

  /// Rows from the tool's standard output.
  func parse(_ output: Data) -> [[String?]] { CSVOutput.rows(Array(output), header: true) }

  /// The engine's error text made short and safe.
  func failureMessage(_ stderr: String) -> String {
    let lines = stderr.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    // The lines that say what failed, not the tool's warnings and banners (Spark prints many).
    let failing = lines.filter { line in ["error", "exception", "fatal"].contains { line.lowercased().contains($0) } }
    return EngineAddress.masked((failing.isEmpty ? lines : failing).prefix(3).joined(separator: " "))
  }

  func rows(_ sql: String) throws -> [[String?]] {
    let output = try execute(sql)
    return parse(output)
  }

  /// Runs a statement or a script; its standard output.
  func execute(_ sql: String) throws(EngineError) -> Data {
    guard let tool = ToolProcess.find(toolName) else {
      throw EngineError(.engineFailure, "\(engineName): the '\(toolName)' command is not installed", notes: [installHint])
    }
    let (arguments, environment) = invocation()
    let output: ToolProcess.Output
    do {
      output = try ToolProcess(executable: tool, arguments: arguments, environment: environment, workingDirectory: workingDirectory).run(input: sql)
    } catch {
      throw EngineError(.engineFailure, "\(engineName): " + error.message)
    }
    guard output.status == 0 else {
      var notes: [String] = []
      let text = output.stderr.lowercased()
      if text.contains("role") || text.contains("password") || text.contains("authentication") {
        notes.append("check the user and password (in the URL, PGPASSWORD or ~/.pgpass)")
      } else if text.contains("relation") || text.contains("table") || text.contains("column") {
        notes.append("the engine needs the ledger's tables: arql export-sql LEDGER --engine \(address.safeText)")
      }
      throw EngineError(.engineFailure, "\(displayName) failed: " + failureMessage(output.stderr), notes: notes)
    }
    return output.stdout
  }
}

/// PostgreSQL through `psql`: CSV output, stop at the first error, no ~/.psqlrc.
final class PostgresConnection: ToolConnection {
  override var engineName: String { "PostgreSQL" }
  override var toolName: String { "psql" }
  override var installHint: String { "install PostgreSQL's client: apt-get install postgresql-client" }

  override func invocation() -> (arguments: [String], environment: [String: String]) {
    var environment: [String: String] = ["PGCONNECT_TIMEOUT": "10"]
    if let password = address.password { environment["PGPASSWORD"] = password }
    return (["-X", "-q", "--csv", "-v", "ON_ERROR_STOP=1", "-d", address.target, "-f", "-"], environment)
  }
}

/// DuckDB through its command-line tool (`pip install duckdb-cli`), on a database file.
final class DuckDBConnection: ToolConnection {
  /// What the tool prints for NULL: a word no ledger value is (DuckDB prints NULL as empty otherwise, like an empty string).
  static let nullMarker = "ARQL_NULL_7F3A"
  override var engineName: String { "DuckDB" }
  override var toolName: String { "duckdb" }
  override var installHint: String { "install DuckDB's command-line tool: pip install duckdb-cli" }

  override func invocation() -> (arguments: [String], environment: [String: String]) {
    (["-batch", "-bail", "-csv", "-nullvalue", Self.nullMarker, address.target], [:])
  }

  override func parse(_ output: Data) -> [[String?]] { CSVOutput.rows(Array(output), header: true, nullMarker: Self.nullMarker) }
}

/// Spark SQL through `spark-sql` (pyspark's, or a Spark installation's): each statement is one
/// spark-sql session whose init file is the export folder's `load.sql` (views over the CSV
/// files), in local mode unless `ARQL_SPARK_MASTER` names a master. A session starts a JVM:
/// seconds per query, which a cluster's data sizes make worth it and a REPL does not.
final class SparkConnection: ToolConnection {
  override var engineName: String { "Spark SQL" }
  override var toolName: String { "spark-sql" }
  override var installHint: String { "install Spark (pip install pyspark puts spark-sql on PATH) and Java 17" }

  /// A folder of arql's own for the files a Spark session leaves (metastore, logs), not the user's.
  override var workingDirectory: String? {
    let folder = NSTemporaryDirectory() + "arql-spark"
    try? FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    return folder
  }

  override func invocation() -> (arguments: [String], environment: [String: String]) {
    let master = address.master ?? ProcessInfo.processInfo.environment["ARQL_SPARK_MASTER"] ?? "local[2]"
    return (["--master", master, "-S", "--hiveconf", "hive.cli.print.header=true", "--conf", "spark.ui.enabled=false",
             "-i", address.target + "/load.sql", "-f", "/dev/stdin"], [:])
  }

  /// spark-sql prints the init file's acknowledgements, then the header and the rows,
  /// tab-separated, NULL for null.
  override func parse(_ output: Data) -> [[String?]] {
    let lines = String(decoding: output, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: true)
      .filter { $0 != "Response code" && !$0.hasPrefix("Time taken:") }
    return lines.dropFirst().map { line in line.split(separator: "\t", omittingEmptySubsequences: false).map { $0 == "NULL" ? nil : String($0) } }
  }
}
