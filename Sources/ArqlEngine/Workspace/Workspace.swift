import ArqlLanguage

/// What a user has defined and set in a session, apart from the ledger it runs on: the
/// catalog with user metrics, dimensions, saved queries, parameters and settings. A
/// `QueryEngine` is made per ledger; the workspace carries over when the ledger is loaded
/// again (`.reload`, `load csv`), so definitions and settings are never dropped.
public struct Workspace: Sendable {
  /// Built-in and user-defined metrics.
  public var catalog = MetricCatalog()
  /// `define dimension` expressions by name.
  public var dimensions: [String: ValueExpr] = [:]
  /// `define query` bodies by name.
  public var savedQueries: [String: SavedQuery] = [:]
  /// `let`, `param` and command-line parameters.
  public var parameters = Parameters()
  /// `set NAME = VALUE`: the one table of settings (`Setting.all`).
  public var settings = SessionSettings()

  public init() {}
}

/// A `define query NAME(params) = query`.
public struct SavedQuery: Sendable {
  public var query: Query
  public var parameters: [ParameterDeclaration]

  public init(query: Query, parameters: [ParameterDeclaration]) {
    self.query = query
    self.parameters = parameters
  }
}
