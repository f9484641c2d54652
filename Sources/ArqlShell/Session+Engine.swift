import ArqlEngine
import ArqlLanguage
import ArqlLedger
import ArqlSQL

extension Session {
  /// `arql --engine URL`: the session's queries run on an SQL engine whose tables hold the
  /// ledger (loaded there by `arql export-sql`); the as-of date defaults to the engine's latest
  /// date. A ledger loaded as well gives completion its values; the figures come from the engine.
  /// - Returns: false when the engine cannot be reached or lacks the tables (the message says which).
  @discardableResult
  public func attachEngine(_ text: String) -> Bool {
    do {
      let address = try EngineAddress(text)
      let connection = try address.connect()
      let facts = try EngineFacts.facts(connection)
      attachedEngine = AttachedEngine(connection: connection, facts: facts)
      let engine = try self.engine ?? QueryEngine(ledger: EngineFacts.customerLedger(connection), today: today, workspace: workspace)
      engine.attach(connection, facts: facts)
      install(engine)
      if echo { output.out("queries run on \(connection.displayName); as of \(facts.latestDate.map(Day.iso) ?? "today") by default") }
      return true
    } catch {
      output.err(Self.engineErrorText(error))
    }
    record(.loadFailed)
    return false
  }

  /// What an engine failure prints: its message and notes, never a password.
  static func engineErrorText(_ error: Error) -> String {
    switch error {
    case let failure as EngineFailure: return "error: " + failure.description
    case let error as EngineError: return plain(error.diagnostic)
    default: return "error: \(error)"
    }
  }

  /// The engine the queries run on, as the user sees it (no password); nil: arql's own executor.
  public var engineName: String? { attachedEngine?.connection.displayName }

  /// A diagnostic with no source line to point at: its code, message and notes.
  static func plain(_ diagnostic: Diagnostic) -> String {
    (["error[\(diagnostic.code.rawValue)]: \(diagnostic.message)"] + diagnostic.notes.map { "  = note: " + $0 }).joined(separator: "\n")
  }
}

/// An engine the session's queries run on, kept across `.load` and `.reload`.
struct AttachedEngine {
  let connection: any SQLConnection
  let facts: EngineLedgerFacts
}
