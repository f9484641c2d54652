import ArqlSupport
/// A hand-written recursive-descent parser for the whole language (grammar/arql.ebnf).
///
/// It parses a script statement by statement. Inside a statement the first error stops the
/// statement (no cascades); the parser then skips to the next statement separator, so the
/// independent errors of a script are all reported. Reaching the end of the input where more
/// is required (after `by`, inside parentheses, in a string) makes the result `incomplete`.
public struct Parser {
  var tokens: [Token]
  var index = 0
  var context: ParserContext
  /// Saved query names defined so far in the script.
  var definedQueries: [String] = []
  /// Guards recursion on deeply nested input.
  var nesting = 0
  /// Whether column names met now must be known dimensions (inside `where`).
  var checkingColumns = false
  static let maxNesting = 100

  /// Parses `source` with the metric names and dimensions of `context`.
  public static func parse(_ source: String, context: ParserContext) -> ParseResult {
    var parser = Parser(tokens: Lexer.tokenize(source), context: context)
    return parser.parseScript()
  }

  init(tokens: [Token], context: ParserContext) {
    self.tokens = Parser.joiningContinuationLines(tokens)
    self.context = context
  }

  /// Drops the line breaks before a line that cannot start a statement: one that starts with
  /// `and`, `or`, a clause word (`by`, `where`, `last`, `order`...), `,` or an operator. Such a
  /// line continues the statement above, so a long query can be laid out one clause a line.
  static func joiningContinuationLines(_ tokens: [Token]) -> [Token] {
    var result: [Token] = []
    result.reserveCapacity(tokens.count)
    var i = 0
    while i < tokens.count {
      if tokens[i].kind == .newline {
        var j = i
        while j < tokens.count && tokens[j].kind == .newline { j += 1 }
        let continues = j < tokens.count && continuesStatement(tokens[j])
        if continues && !result.isEmpty && result.last?.kind != .semicolon {
          i = j
          continue
        }
        if !continues {  // the whole run of line breaks stays (one at a time was quadratic in the run)
          result.append(contentsOf: tokens[i..<j])
          i = j
          continue
        }
      }
      result.append(tokens[i])
      i += 1
    }
    return result
  }

  /// Whether a token at the start of a line continues the previous statement.
  static func continuesStatement(_ t: Token) -> Bool {
    switch t.kind {
    case .comma, .plus, .star, .slash, .equal, .notEqual, .less, .lessEqual, .greater, .greaterEqual, .rightParen, .rightBracket:
      return true
    case .word:
      guard let word = t.word, Keywords.reserved.contains(word) else { return false }
      return !Keywords.statementStarts.contains(word)
    default:
      return false
    }
  }

  /// Why a statement stopped.
  struct Failure: Error {
    var diagnostic: Diagnostic
    /// The input ended where more was required.
    var incomplete: Bool
  }

  // MARK: - Script

  mutating func parseScript() -> ParseResult {
    var script = Script()
    var diagnostics: [Diagnostic] = []
    var incomplete: [String]? = nil
    while true {
      skipSeparators()
      if peek().kind == .endOfInput { break }
      let start = peek().range
      do {
        let statement = try parseStatement()
        try expectEndOfStatement()
        script.statements.append(statement)
        script.ranges.append(start.union(previous.range))
      } catch let failure as Failure {
        if failure.incomplete && onlyEndRemains() && diagnostics.isEmpty {
          incomplete = failure.diagnostic.expected
          break
        }
        diagnostics.append(failure.diagnostic)
        recover()
      } catch {
        recover()
      }
    }
    if !diagnostics.isEmpty { return .failed(script, diagnostics) }
    if let expected = incomplete { return .incomplete(script, expected: expected) }
    return .complete(script)
  }

  /// Whether nothing but line breaks follows the current token (an unterminated string is
  /// the current token when it runs to the end).
  func onlyEndRemains() -> Bool {
    var i = index
    if tokens[i].kind == .invalid { i += 1 }
    while i < tokens.count && tokens[i].kind == .newline { i += 1 }
    return i >= tokens.count - 1
  }

  /// Skips to the token after the next statement separator.
  mutating func recover() {
    while true {
      let kind = peek().kind
      if kind == .endOfInput { return }
      advance()
      if kind == .newline || kind == .semicolon { return }
    }
  }

  mutating func skipSeparators() {
    while peek().kind == .newline || peek().kind == .semicolon { advance() }
  }

  mutating func expectEndOfStatement() throws {
    let t = peek()
    switch t.kind {
    case .newline, .semicolon, .endOfInput: return
    default: throw unexpected(t, expected: ["end of statement"])
    }
  }

  // MARK: - Cursor

  func peek(_ ahead: Int = 0) -> Token {
    let i = index + ahead
    return i < tokens.count ? tokens[i] : tokens[tokens.count - 1]
  }

  /// The token after the current one, skipping line breaks.
  func peekPastNewlines(_ ahead: Int = 1) -> Token {
    var i = index
    var remaining = ahead
    while i < tokens.count - 1 {
      i += 1
      if tokens[i].kind == .newline { continue }
      remaining -= 1
      if remaining == 0 { return tokens[i] }
    }
    return tokens[tokens.count - 1]
  }

  var previous: Token { index > 0 ? tokens[index - 1] : tokens[0] }

  @discardableResult
  mutating func advance() -> Token {
    let t = peek()
    if index < tokens.count - 1 { index += 1 }
    return t
  }

  /// Skips line breaks: used where an operand must follow, so a statement may go on on the
  /// next line after `by`, `,`, `and`, an operator...
  mutating func skipNewlines() {
    while peek().kind == .newline { advance() }
  }

  /// Whether the current token is the word `word`.
  func at(_ word: String) -> Bool { peek().isWord(word) }

  /// The words from `ahead` tokens on that may make a metric phrase: words, and whole numbers
  /// after the first word (`percent over 90 dpd`), at most as many as the longest phrase.
  func phraseWords(from ahead: Int) -> [String] {
    var words: [String] = []
    var i = ahead
    while words.count < context.metrics.maxWords {
      let t = peek(i)
      if let word = t.word {
        words.append(word)
      } else if t.kind == .integer, !words.isEmpty {
        words.append(t.value)
      } else {
        break
      }
      i += 1
    }
    return words
  }

  /// Consumes the word if present.
  mutating func accept(_ word: String) -> Bool {
    if at(word) {
      advance()
      return true
    }
    return false
  }

  /// Consumes a required word (after skipping line breaks).
  @discardableResult
  mutating func expect(_ word: String) throws -> Token {
    skipNewlines()
    guard at(word) else { throw unexpected(peek(), expected: ["'\(word)'"]) }
    return advance()
  }

  /// Consumes a required token kind (after skipping line breaks).
  @discardableResult
  mutating func expect(_ kind: Token.Kind, _ description: String) throws -> Token {
    skipNewlines()
    guard peek().kind == kind else { throw unexpected(peek(), expected: [description]) }
    return advance()
  }

  // MARK: - Errors

  /// An "unexpected token" failure; at the end of input it is an incomplete statement.
  func unexpected(_ token: Token, expected: [String], notes: [String] = []) -> Failure {
    let shown = Array(expected.prefix(3))
    let expectation = shown.isEmpty ? "" : "; expected " + Parser.list(shown)
    if token.kind == .endOfInput {
      return Failure(diagnostic: Diagnostic(.unexpectedEnd, "unexpected end of input" + expectation, at: token.range,
                                            notes: notes, expected: expected), incomplete: true)
    }
    if token.kind == .invalid {
      let incomplete = token.value.hasPrefix("unterminated") && peekIsLastToken(token)
      return Failure(diagnostic: Diagnostic(.invalidToken, token.value, at: token.range, expected: expected), incomplete: incomplete)
    }
    let what = token.kind == .newline ? "line break" : "'\(token.text)'"
    return Failure(diagnostic: Diagnostic(.unexpectedToken, "unexpected \(what)" + expectation, at: token.range, notes: notes,
                                          expected: expected), incomplete: false)
  }

  private func peekIsLastToken(_ token: Token) -> Bool {
    tokens.last(where: { $0.kind != .endOfInput })?.range.start.offset == token.range.start.offset
  }

  /// A failure with a specific code.
  func failure(_ code: DiagnosticCode, _ message: String, at range: SourceRange, label: String? = nil, notes: [String] = [],
               fixIt: Diagnostic.FixIt? = nil) -> Failure
  {
    Failure(diagnostic: Diagnostic(code, message, at: range, label: label, notes: notes, fixIt: fixIt), incomplete: false)
  }

  /// "a, b or c".
  static func list(_ items: [String]) -> String {
    guard items.count > 1 else { return items.first ?? "" }
    return items.dropLast().joined(separator: ", ") + " or " + (items.last ?? "")
  }

  mutating func nest() throws {
    nesting += 1
    if nesting > Parser.maxNesting {
      throw failure(.unexpectedToken, "expression nested too deeply (more than \(Parser.maxNesting) levels)", at: peek().range)
    }
  }

  // MARK: - Names

  /// An identifier: a non-reserved word or a backtick name.
  mutating func identifier(_ description: String = "a name") throws -> Identifier {
    skipNewlines()
    let t = peek()
    if t.kind == .quotedIdentifier {
      advance()
      return Identifier(t.value, quoted: true, range: t.range)
    }
    if t.kind == .word {
      let word = t.text.lowercased()
      if Keywords.reserved.contains(word) {
        throw unexpected(t, expected: [description], notes: ["'\(word)' is a reserved word; write `\(t.text)` in backticks to use it as a name"])
      }
      advance()
      return Identifier(word, range: t.range)
    }
    throw unexpected(t, expected: [description])
  }

  /// A dimension name, checked against the context's dimensions when it validates them.
  mutating func dimension(_ description: String = "a dimension") throws -> Identifier {
    var name = try identifier(description)
    // Dimension names are not case-sensitive: `Raison sociale` in backticks finds `raison sociale`.
    if name.quoted { name.name = name.name.lowercased() }
    return try checkedDimension(name)
  }

  /// The dimension a name stands for: itself when the ledger has it, else the native name of a
  /// French one (`client` is `customer`); E011 for a name that is neither (when the context
  /// validates names).
  func checkedDimension(_ name: Identifier) throws -> Identifier {
    let lowered = name.name.lowercased()
    let known = context.dimensions.contains(where: { $0.lowercased() == lowered })
    if !known, let native = Keywords.frenchDimensions[MetricVocabulary.fold(lowered)] {
      return Identifier(native, quoted: name.quoted, range: name.range)
    }
    guard context.validatesDimensions, !known else { return name }
    let suggestion = DidYouMean.suggestion(for: name.name, among: context.dimensions)
    let available = context.dimensions.sorted { $0.lowercased() < $1.lowercased() }
    let shown = available.prefix(24).joined(separator: ", ") + (available.count > 24 ? ", ..." : "")
    throw failure(.unknownDimension, "unknown dimension '\(name.name)'", at: name.range,
                  label: suggestion.map { "did you mean '\($0)'?" }, notes: ["available: " + shown],
                  fixIt: suggestion.map { Diagnostic.FixIt(range: name.range, replacement: $0) })
  }

  /// Whether the current token can start an identifier.
  func atIdentifier() -> Bool {
    let t = peek()
    return t.kind == .quotedIdentifier || (t.kind == .word && !Keywords.reserved.contains(t.text.lowercased()))
  }

  /// A required positive integer.
  mutating func positiveInteger(_ description: String) throws -> Int {
    skipNewlines()
    let t = peek()
    guard t.kind == .integer else {
      if t.kind == .number || (t.kind == .minus && peek(1).kind == .integer) {
        throw failure(.invalidNumber, "\(description) must be a positive whole number", at: t.range)
      }
      throw unexpected(t, expected: [description])
    }
    advance()
    guard let n = Int(t.value), n > 0, n <= 1_000_000_000 else {
      throw failure(.invalidNumber, "\(description) must be a positive whole number, at most 1,000,000,000", at: t.range)
    }
    return n
  }

  /// A literal token, if the current token is one.
  mutating func literal() throws -> Literal? {
    let t = peek()
    switch t.kind {
    case .string:
      advance()
      return .string(t.value)
    case .integer, .number:
      advance()
      guard let n = ExactNumber(t.value) else { throw failure(.invalidNumber, "'\(t.text)' is too large", at: t.range) }
      return .number(n)
    case .date:
      advance()
      return .date(t.text)
    case .period:
      advance()
      guard let p = Period(t.value) else { throw failure(.invalidNumber, "'\(t.text)' is not a period", at: t.range) }
      return .period(p)
    case .minus where [.integer, .number].contains(peek(1).kind):
      advance()
      let n = advance()
      guard let value = ExactNumber(n.value) else { throw failure(.invalidNumber, "'\(n.text)' is too large", at: n.range) }
      return .number(ExactNumber(mantissa: -value.mantissa, scale: value.scale))
    case .word:
      switch t.text.lowercased() {
      case "true": advance(); return .bool(true)
      case "false": advance(); return .bool(false)
      case "null": advance(); return .null
      default: return nil
      }
    default:
      return nil
    }
  }

  /// A required literal.
  mutating func requiredLiteral(_ description: String = "a value") throws -> Literal {
    skipNewlines()
    guard let value = try literal() else { throw unexpected(peek(), expected: [description]) }
    return value
  }

  /// `[1, 2, 3]`.
  mutating func integerList() throws -> [Int64] {
    try expect(.leftBracket, "'['")
    var values: [Int64] = []
    repeat {
      skipNewlines()
      let negative = peek().kind == .minus
      if negative { advance() }
      let t = try expect(.integer, "a whole number")
      guard let v = Int64(t.value) else { throw failure(.invalidNumber, "'\(t.text)' is too large", at: t.range) }
      values.append(negative ? -v : v)
      skipNewlines()
    } while peek().kind == .comma && advance().kind == .comma
    try expect(.rightBracket, "']'")
    return values
  }
}
