/// One lexical token with its exact source range.
public struct Token: Sendable, Equatable, CustomStringConvertible {
  /// What kind of token.
  public enum Kind: Sendable, Equatable {
    /// A word: keyword or identifier (keywords are recognised by the parser, case-insensitively).
    case word
    /// A backtick identifier: `` `Code Client` ``; never a keyword.
    case quotedIdentifier
    /// `$name`.
    case parameter
    /// A quoted string (either quote), unescaped in `value`.
    case string
    /// An integer: digits with optional `_` separators.
    case integer
    /// A decimal number, or any number with `%`.
    case number
    /// `yyyy-MM-dd` (maximal munch: never a subtraction).
    case date
    /// `2025-Q1`, `2025-03`, `FY2025` (a bare year lexes as `integer`).
    case period
    case comma, semicolon, colon, dot
    case leftParen, rightParen, leftBracket, rightBracket
    case plus, minus, star, slash
    case equal, notEqual, less, lessEqual, greater, greaterEqual
    /// A line break outside parentheses ends a statement unless it is obviously unfinished.
    case newline
    case endOfInput
    /// Text the lexer cannot read; `value` says why.
    case invalid
  }

  public let kind: Kind
  /// The source text of the token.
  public let text: String
  /// The meaning: the unescaped string, the identifier without backticks, the number without
  /// `_`, the parameter name without `$`, or the error message of an `invalid` token.
  public let value: String
  public let range: SourceRange

  public init(kind: Kind, text: String, value: String? = nil, range: SourceRange) {
    self.kind = kind
    self.text = text
    self.value = value ?? text
    self.range = range
    self.word = kind == .word ? text.lowercased() : nil
  }

  /// The lowercased text of a word (keywords are case-insensitive); `nil` for other kinds.
  public let word: String?

  /// Whether this is the word `keyword` (case-insensitive).
  /// A French synonym counts as its keyword (`par` is `by`).
  public func isWord(_ keyword: String) -> Bool { word.map { $0 == keyword || Keywords.synonyms[$0] == keyword } ?? false }

  public var description: String { kind == .endOfInput ? "end of input" : text }
}
