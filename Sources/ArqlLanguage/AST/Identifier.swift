/// A name as written, with where it was written.
public struct Identifier: Sendable, Hashable, CustomStringConvertible {
  /// The name (lowercased unless it was backticked; a backticked dimension or column name is
  /// lowercased too, as names of data are not case-sensitive).
  public var name: String
  /// Whether it was written in backticks (then case is kept and it may hold any character).
  public var quoted: Bool
  public var range: SourceRange

  public init(_ name: String, quoted: Bool = false, range: SourceRange = .none) {
    self.name = name
    self.quoted = quoted
    self.range = range
  }

  public var description: String { name }
}
