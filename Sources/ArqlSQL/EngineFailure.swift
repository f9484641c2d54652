/// What went wrong with an SQL engine: unreachable, refused, a missing table, a missing tool.
/// The message never holds a password.
public struct EngineFailure: Error, Sendable, CustomStringConvertible {
  public var message: String
  public var notes: [String]

  public init(_ message: String, notes: [String] = []) {
    self.message = message
    self.notes = notes
  }

  public var description: String { ([message] + notes.map { "note: " + $0 }).joined(separator: "\n") }
}
