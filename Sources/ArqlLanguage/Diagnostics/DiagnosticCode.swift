/// The stable codes of every diagnostic, with a short name. Scripts, tests and the
/// documentation refer to these; they never change meaning.
public enum DiagnosticCode: String, Sendable, Equatable, CaseIterable {
  // Syntax
  case unexpectedToken = "E001"
  case unexpectedEnd = "E002"
  case invalidToken = "E003"
  case invalidNumber = "E004"
  // Names
  case unknownMetric = "E010"
  case unknownDimension = "E011"
  case unknownWord = "E012"
  case unknownCommand = "E013"
  // Clauses
  case duplicateClause = "E020"
  case misplacedClause = "E021"
  // Known mistakes, each with a targeted hint
  case groupBy = "E030"
  case topNBy = "E031"
  case sqlSelect = "E032"
  case betweenTo = "E033"
  case unitAfterUnit = "E034"
  case fromAnd = "E035"
  case orderWithoutBy = "E036"
  case sqlAggregate = "E037"
  case lastWithoutCount = "E038"
  // Binding and evaluation
  case unknownParameter = "E040"
  case typeMismatch = "E041"
  case invalidWindow = "E042"
  case unsupported = "E043"
  case unknownQuery = "E044"
  case invalidArgument = "E045"
  case noData = "E046"
  case cancelled = "E047"
  /// The SQL engine (`--engine`) failed: unreachable, refused, a missing table.
  case engineFailure = "E048"
  /// A result with more rows than `Executor.rowLimit` (by invoice × day on a large ledger).
  case tooManyRows = "E049"

  /// A kebab-case name shown after the code.
  public var name: String {
    switch self {
    case .unexpectedToken: return "unexpected-token"
    case .unexpectedEnd: return "unexpected-end"
    case .invalidToken: return "invalid-token"
    case .invalidNumber: return "invalid-number"
    case .unknownMetric: return "unknown-metric"
    case .unknownDimension: return "unknown-dimension"
    case .unknownWord: return "unknown-word"
    case .unknownCommand: return "unknown-command"
    case .duplicateClause: return "duplicate-clause"
    case .misplacedClause: return "misplaced-clause"
    case .groupBy: return "group-by"
    case .topNBy: return "top-n-by"
    case .sqlSelect: return "sql-select"
    case .betweenTo: return "between-to"
    case .unitAfterUnit: return "unit-after-unit"
    case .fromAnd: return "from-and"
    case .orderWithoutBy: return "order-without-by"
    case .sqlAggregate: return "sql-aggregate"
    case .lastWithoutCount: return "last-without-count"
    case .unknownParameter: return "unknown-parameter"
    case .typeMismatch: return "type-mismatch"
    case .invalidWindow: return "invalid-window"
    case .unsupported: return "unsupported"
    case .unknownQuery: return "unknown-query"
    case .invalidArgument: return "invalid-argument"
    case .noData: return "no-data"
    case .cancelled: return "cancelled"
    case .engineFailure: return "engine-failure"
    case .tooManyRows: return "too-many-rows"
    }
  }
}
