import ArqlEngine
import Foundation

/// Where an SQL engine is, as the user writes it after `--engine`:
///
/// - `postgres://user[:password]@host[:port]/database` (also `postgresql://`), run through `psql`;
/// - `duckdb:FILE` (a DuckDB database file), run through the `duckdb` command-line tool;
/// - `spark:FOLDER` (a folder written by `arql export-sql --dialect spark`), run through
///   `spark-sql` in local mode with the folder's `load.sql` as each session's init file (or on
///   the master `ARQL_SPARK_MASTER` names: `yarn`, `k8s://...`); `spark://HOST:PORT/FOLDER`
///   on a standalone cluster, the folder as its executors see it.
///
/// The password is never printed: `description` masks it and psql receives it through
/// `PGPASSWORD`, not on its command line.
public struct EngineAddress: Sendable, CustomStringConvertible {
  public let dialect: SQLDialect
  /// The address without its password.
  public let safeText: String
  /// The URI psql connects to (without the password), the DuckDB file, or the Spark folder.
  let target: String
  let password: String?
  /// The Spark master of a `spark://` address (nil: local mode, or ARQL_SPARK_MASTER).
  let master: String?

  public var description: String { safeText }

  /// Parses an address.
  /// - Throws: `EngineFailure` for an address of no known engine.
  public init(_ text: String) throws(EngineFailure) {
    let lower = text.lowercased()
    if lower.hasPrefix("postgres://") || lower.hasPrefix("postgresql://") {
      dialect = .postgres
      guard var parts = URLComponents(string: text), parts.host != nil || parts.path.count > 1 else {
        throw EngineFailure("'\(Self.masked(text))' is not a PostgreSQL address", notes: ["write postgres://user@host:port/database"])
      }
      password = parts.password.flatMap { $0.removingPercentEncoding ?? $0 }
      master = nil
      parts.password = nil
      target = parts.string ?? text
      safeText = password == nil ? target : Self.masked(text)
    } else if lower.hasPrefix("duckdb:") {
      dialect = .duckdb
      let file = String(text.dropFirst("duckdb:".count))
      guard !file.isEmpty else { throw EngineFailure("duckdb: needs a database file, as in duckdb:ledger.duckdb") }
      target = file
      password = nil
      master = nil
      safeText = text
    } else if lower.hasPrefix("spark://") {
      // spark://HOST:PORT/FOLDER: a cluster's master and the export folder as the cluster sees it.
      dialect = .spark
      guard let parts = URLComponents(string: text), let host = parts.host, parts.path.count > 1 else {
        throw EngineFailure("'\(text)' is not a Spark address", notes: ["write spark://host:7077/path/to/export, or spark:FOLDER for local mode"])
      }
      master = "spark://\(host)" + (parts.port.map { ":\($0)" } ?? "")
      target = parts.path
      password = nil
      safeText = text
    } else if lower.hasPrefix("spark:") {
      dialect = .spark
      let folder = String(text.dropFirst("spark:".count))
      guard !folder.isEmpty else {
        throw EngineFailure("spark: needs the folder written by arql export-sql --dialect spark, as in spark:ledger-spark")
      }
      master = nil
      target = URL(fileURLWithPath: folder).standardizedFileURL.path
      password = nil
      safeText = text
    } else {
      throw EngineFailure("'\(Self.masked(text))' names no engine arql knows",
                          notes: ["engines: postgres://user@host/db, duckdb:FILE, spark:FOLDER or spark://host:7077/FOLDER"])
    }
  }

  /// The text with any `user:password@` password replaced by `***`.
  public static func masked(_ text: String) -> String {
    guard let scheme = text.range(of: "://"), let at = text[scheme.upperBound...].firstIndex(of: "@") else { return text }
    let credentials = text[scheme.upperBound..<at]
    guard let colon = credentials.firstIndex(of: ":") else { return text }
    return String(text[..<colon]) + ":***" + String(text[at...])
  }

  /// Opens a connection (it starts no server: the engine's tool runs once per statement).
  public func connect() throws(EngineFailure) -> any SQLConnection {
    switch dialect {
    case .postgres: return PostgresConnection(address: self)
    case .duckdb: return DuckDBConnection(address: self)
    case .spark: return SparkConnection(address: self)
    }
  }
}
