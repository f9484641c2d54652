/// A position in query text: 1-based line and column (columns count characters, not bytes),
/// and the UTF-8 offset.
public struct SourcePosition: Sendable, Hashable, Comparable, CustomStringConvertible {
  public var offset: Int
  public var line: Int
  public var column: Int

  public init(offset: Int, line: Int, column: Int) {
    self.offset = offset
    self.line = line
    self.column = column
  }

  public static func < (a: SourcePosition, b: SourcePosition) -> Bool { a.offset < b.offset }

  public var description: String { "\(line):\(column)" }
}

/// The source range of a token or node.
///
/// Ranges are where something was written, not what it means: two ranges always compare
/// equal, so AST values compare by meaning (`parse(format(parse(q))) == parse(q)`).
public struct SourceRange: Sendable, Hashable, CustomStringConvertible {
  public var start: SourcePosition
  public var end: SourcePosition

  public init(start: SourcePosition, end: SourcePosition) {
    self.start = start
    self.end = end
  }

  /// An empty range at a position.
  public init(at position: SourcePosition) {
    self.init(start: position, end: position)
  }

  /// The range covering both.
  public func union(_ other: SourceRange) -> SourceRange {
    SourceRange(start: min(start, other.start), end: max(end, other.end))
  }

  public static func == (_: SourceRange, _: SourceRange) -> Bool { true }
  public func hash(into hasher: inout Hasher) {}

  public var description: String { "\(start)-\(end)" }

  /// A range for nodes built without source.
  public static let none = SourceRange(at: SourcePosition(offset: 0, line: 1, column: 1))
}
