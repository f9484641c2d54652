/// Turns query text into tokens with exact source ranges (line and character column,
/// UTF-8 aware). It never fails: text it cannot read becomes an `invalid` token carrying the
/// reason, so the parser reports it in place.
///
/// Rules of note: dates are read by maximal munch (`2025-06-30` is one token); `2025-Q1`,
/// `2025-03` and `FY2025` are periods, a bare `2025` is an integer that the parser re-reads as
/// a year where a period is expected; numbers take `_` separators and a `%` suffix; `#` and
/// `--` start comments (so a `#!` first line is a comment); a `\` before a line break joins
/// the lines; line breaks inside `( )` and `[ ]` are not emitted.
public struct Lexer {
  private let bytes: [UInt8]
  private var offset = 0
  private var line = 1
  private var column = 1
  private var depth = 0

  public init(_ text: String) {
    bytes = Array(text.utf8)
  }

  /// All tokens, ending with `endOfInput`.
  public static func tokenize(_ text: String) -> [Token] {
    var lexer = Lexer(text)
    var tokens: [Token] = []
    while true {
      let token = lexer.next()
      tokens.append(token)
      if token.kind == .endOfInput { return tokens }
    }
  }

  private var position: SourcePosition { SourcePosition(offset: offset, line: line, column: column) }

  private func peek(_ ahead: Int = 0) -> UInt8? {
    offset + ahead < bytes.count ? bytes[offset + ahead] : nil
  }

  private mutating func advance() {
    guard offset < bytes.count else { return }
    let c = bytes[offset]
    offset += 1
    if c == 10 {
      line += 1
      column = 1
    } else if c & 0xC0 != 0x80 {
      column += 1
    }
  }

  private func text(from start: SourcePosition) -> String {
    String(decoding: bytes[start.offset..<offset], as: UTF8.self)
  }

  private mutating func make(_ kind: Token.Kind, from start: SourcePosition, value: String? = nil) -> Token {
    Token(kind: kind, text: text(from: start), value: value, range: SourceRange(start: start, end: position))
  }

  private static func isDigit(_ c: UInt8?) -> Bool { c.map { $0 >= 48 && $0 <= 57 } ?? false }
  private static func isLetter(_ c: UInt8?) -> Bool {
    guard let c else { return false }
    return (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c == 95 || c >= 0x80
  }

  /// The next token.
  public mutating func next() -> Token {
    skipTrivia()
    let start = position
    guard let c = peek() else { return Token(kind: .endOfInput, text: "", range: SourceRange(at: start)) }
    switch c {
    case 10:
      advance()
      return make(.newline, from: start, value: "\n")
    case 39, 34:  // ' "
      return lexString(quote: c, from: start)
    case 96:  // `
      return lexQuotedIdentifier(from: start)
    case 36:  // $
      advance()
      guard Lexer.isLetter(peek()) else { return make(.invalid, from: start, value: "expected a parameter name after '$'") }
      while Lexer.isLetter(peek()) || Lexer.isDigit(peek()) { advance() }
      return make(.parameter, from: start, value: String(text(from: start).dropFirst()))
    case 48...57:
      return lexNumber(from: start)
    case 44: advance(); return make(.comma, from: start)
    case 59: advance(); return make(.semicolon, from: start)
    case 58: advance(); return make(.colon, from: start)
    case 46:
      if Lexer.isDigit(peek(1)) { return lexNumber(from: start) }
      advance()
      return make(.dot, from: start)
    case 40: advance(); depth += 1; return make(.leftParen, from: start)
    case 41: advance(); depth = max(0, depth - 1); return make(.rightParen, from: start)
    case 91: advance(); depth += 1; return make(.leftBracket, from: start)
    case 93: advance(); depth = max(0, depth - 1); return make(.rightBracket, from: start)
    case 43: advance(); return make(.plus, from: start)
    case 45: advance(); return make(.minus, from: start)
    case 42: advance(); return make(.star, from: start)
    case 47: advance(); return make(.slash, from: start)
    case 61:
      advance()
      if peek() == 61 {
        advance()
        return make(.invalid, from: start, value: "'==' is written '=' in arql")
      }
      return make(.equal, from: start)
    case 33:
      advance()
      if peek() == 61 {
        advance()
        return make(.notEqual, from: start)
      }
      return make(.invalid, from: start, value: "'!' is written 'not' in arql")
    case 60:
      advance()
      if peek() == 61 { advance(); return make(.lessEqual, from: start) }
      if peek() == 62 { advance(); return make(.notEqual, from: start) }
      return make(.less, from: start)
    case 62:
      advance()
      if peek() == 61 { advance(); return make(.greaterEqual, from: start) }
      return make(.greater, from: start)
    case 38, 124:
      advance()
      if peek() == c { advance() }
      return make(.invalid, from: start, value: c == 38 ? "'&&' is written 'and' in arql" : "'||' is written 'or' in arql")
    default:
      if Lexer.isLetter(c) { return lexWord(from: start) }
      advance()
      while let next = peek(), next & 0xC0 == 0x80 { advance() }
      return make(.invalid, from: start, value: "unexpected character '\(text(from: start))'")
    }
  }

  /// Skips spaces, comments, joined lines, and line breaks inside brackets.
  private mutating func skipTrivia() {
    while let c = peek() {
      if c == 32 || c == 9 || c == 13 {
        advance()
      } else if c == 10 && depth > 0 {
        advance()
      } else if c == 92, peek(1) == 10 || (peek(1) == 13 && peek(2) == 10) {  // \ + line break
        advance()
        if peek() == 13 { advance() }
        advance()
      } else if c == 35 || (c == 45 && peek(1) == 45) {  // # or --
        while let d = peek(), d != 10 { advance() }
      } else {
        return
      }
    }
  }

  private mutating func lexWord(from start: SourcePosition) -> Token {
    // FY2025 is a fiscal-year period.
    if (peek() == 70 || peek() == 102) && (peek(1) == 89 || peek(1) == 121) && (2..<6).allSatisfy({ Lexer.isDigit(peek($0)) })
      && !Lexer.isLetter(peek(6)) && !Lexer.isDigit(peek(6))
    {
      for _ in 0..<6 { advance() }
      return make(.period, from: start, value: "FY" + String(text(from: start).dropFirst(2)))
    }
    while true {
      while Lexer.isLetter(peek()) || Lexer.isDigit(peek()) { advance() }
      // French elision: `taux d'échu`, `l'encours` are one word each. The apostrophe joins only
      // after an elided word, so `'...'` strings still start anywhere else.
      guard peek() == 39, Lexer.isLetter(peek(1)),
        let elided = text(from: start).lowercased().split(separator: "'", omittingEmptySubsequences: false).last,
        Lexer.elisions.contains(String(elided))
      else { break }
      advance()
    }
    return make(.word, from: start)
  }

  /// French words written before an apostrophe in place of their last vowel.
  static let elisions: Set<String> = ["d", "l", "j", "n", "s", "c", "m", "t", "qu", "jusqu", "lorsqu", "puisqu", "aujourd"]

  private mutating func lexQuotedIdentifier(from start: SourcePosition) -> Token {
    advance()
    var value: [UInt8] = []
    while let c = peek() {
      if c == 96 {
        advance()
        guard !value.isEmpty else { return make(.invalid, from: start, value: "empty backtick identifier") }
        return make(.quotedIdentifier, from: start, value: String(decoding: value, as: UTF8.self))
      }
      if c == 10 { break }
      value.append(c)
      advance()
    }
    return make(.invalid, from: start, value: "unterminated backtick identifier")
  }

  private mutating func lexString(quote: UInt8, from start: SourcePosition) -> Token {
    advance()
    var value: [UInt8] = []
    while let c = peek() {
      advance()
      if c == quote {
        if peek() == quote {
          value.append(c)
          advance()
          continue
        }
        return make(.string, from: start, value: String(decoding: value, as: UTF8.self))
      }
      value.append(c)
    }
    return make(.invalid, from: start, value: "unterminated string")
  }

  private mutating func lexNumber(from start: SourcePosition) -> Token {
    // Dates and periods: four digits then '-'.
    if (0..<4).allSatisfy({ Lexer.isDigit(peek($0)) }) && peek(4) == 45 {
      if (5..<7).allSatisfy({ Lexer.isDigit(peek($0)) }) && peek(7) == 45 && (8..<10).allSatisfy({ Lexer.isDigit(peek($0)) })
        && !Lexer.isDigit(peek(10))
      {
        for _ in 0..<10 { advance() }
        let token = make(.date, from: start)
        if Lexer.civilDay(token.text) == nil {
          return Token(kind: .invalid, text: token.text, value: "'\(token.text)' is not a calendar date", range: token.range)
        }
        return token
      }
      if peek(5) == 81 || peek(5) == 113, let q = peek(6), Lexer.isDigit(q) {
        for _ in 0..<7 { advance() }
        while Lexer.isDigit(peek()) || Lexer.isLetter(peek()) { advance() }
        let token = make(.period, from: start, value: String(text(from: start).prefix(5)) + "Q" + String(UnicodeScalar(q)))
        guard (49...52).contains(q), token.text.count == 7 else {
          return Token(kind: .invalid, text: token.text, value: "'\(token.text)' is not a quarter (Q1 to Q4)", range: token.range)
        }
        return token
      }
      if (5..<7).allSatisfy({ Lexer.isDigit(peek($0)) }) && !Lexer.isDigit(peek(7)) && peek(7) != 45 {
        for _ in 0..<7 { advance() }
        let token = make(.period, from: start)
        let month = Int(token.text.suffix(2)) ?? 0
        if !(1...12).contains(month) {
          return Token(kind: .invalid, text: token.text, value: "'\(token.text)' is not a month", range: token.range)
        }
        return token
      }
    }
    var digits = ""
    var isDecimal = false
    while let c = peek(), Lexer.isDigit(c) || (c == 95 && Lexer.isDigit(peek(1))) {
      if c != 95 { digits.append(Character(UnicodeScalar(c))) }
      advance()
    }
    if peek() == 46 && Lexer.isDigit(peek(1)) {
      isDecimal = true
      digits.append(".")
      advance()
      while let c = peek(), Lexer.isDigit(c) || (c == 95 && Lexer.isDigit(peek(1))) {
        if c != 95 { digits.append(Character(UnicodeScalar(c))) }
        advance()
      }
    }
    if digits.hasPrefix(".") { digits = "0" + digits }
    if peek() == 37 {  // %
      advance()
      return make(.number, from: start, value: digits + "%")
    }
    if Lexer.isLetter(peek()) {
      while Lexer.isLetter(peek()) || Lexer.isDigit(peek()) { advance() }
      return make(.invalid, from: start, value: "'\(text(from: start))' is not a number or a name")
    }
    return make(isDecimal ? .number : .integer, from: start, value: digits)
  }

  /// The (year, month, day) of an ISO date if it is a real calendar date.
  static func civilDay(_ text: String) -> (Int, Int, Int)? {
    let parts = text.split(separator: "-").compactMap { Int($0) }
    guard parts.count == 3, (1...12).contains(parts[1]), parts[2] >= 1 else { return nil }
    let (y, m, d) = (parts[0], parts[1], parts[2])
    let leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0
    let length = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][m - 1]
    return d <= length ? (y, m, d) : nil
  }
}
