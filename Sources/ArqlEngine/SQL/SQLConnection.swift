/// An SQL engine arql runs its queries on (`arql --engine`): PostgreSQL, DuckDB or Spark SQL.
/// Implementations live in ArqlSQL; the engine only needs rows of text back.
public protocol SQLConnection: AnyObject {
  /// The engine's dialect.
  var dialect: SQLDialect { get }
  /// What the user sees of the engine (never a password).
  var displayName: String { get }
  /// Runs one statement and returns its rows, each value as text (nil for NULL).
  /// - Throws: an `EngineError` with the engine's message (credentials removed).
  func rows(_ sql: String) throws -> [[String?]]
}
