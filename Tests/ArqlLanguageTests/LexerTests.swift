import ArqlLanguage
import Testing

@Suite("Lexer")
struct LexerTests {
  static func kinds(_ text: String) -> [Token.Kind] { Lexer.tokenize(text).map(\.kind) }
  static func values(_ text: String) -> [String] { Lexer.tokenize(text).dropLast().map(\.value) }

  @Test("dates are one token by maximal munch; periods; a bare year is an integer")
  func datesAndPeriods() {
    #expect(Self.kinds("2025-06-30") == [.date, .endOfInput])
    #expect(Self.kinds("2025 - 06 - 30") == [.integer, .minus, .integer, .minus, .integer, .endOfInput])
    #expect(Self.kinds("2025-Q1 2025-q4 2025-03 FY2025 fy2024 2025") == [.period, .period, .period, .period, .period, .integer, .endOfInput])
    #expect(Self.values("2025-q4 fy2024") == ["2025-Q4", "FY2024"])
    #expect(Self.kinds("2024-02-29 2023-02-29") == [.date, .invalid, .endOfInput])
    #expect(Self.kinds("2025-13") == [.invalid, .endOfInput])
    #expect(Self.kinds("FY20255") == [.word, .endOfInput])
    #expect(Self.kinds("2025-Q5") == [.invalid, .endOfInput])
  }

  @Test("numbers with _ and %, decimals, and numbers glued to letters")
  func numbers() {
    #expect(Self.kinds("1_000_000 12.5 15% .5 7") == [.integer, .number, .number, .number, .integer, .endOfInput])
    #expect(Self.values("1_000_000 12.5 15% .5") == ["1000000", "12.5", "15%", "0.5"])
    #expect(Self.kinds("12abc") == [.invalid, .endOfInput])
    #expect(ExactNumber("15%") == ExactNumber(mantissa: 15, scale: 2))
    #expect(ExactNumber("1.50")?.description == "1.5")
    #expect(ExactNumber("0.05")?.description == "0.05")
  }

  @Test("strings in both quotes with doubled quotes; backtick names; parameters")
  func stringsAndNames() {
    let tokens = Lexer.tokenize("'O''Brien' \"say \"\"hi\"\"\" `Code Client` $div")
    #expect(tokens.map(\.kind) == [.string, .string, .quotedIdentifier, .parameter, .endOfInput])
    #expect(tokens.map(\.value).dropLast() == ["O'Brien", "say \"hi\"", "Code Client", "div"])
    #expect(Self.kinds("'open") == [.invalid, .endOfInput])
    #expect(Self.kinds("`") == [.invalid, .endOfInput])
    #expect(Self.kinds("$") == [.invalid, .endOfInput])
  }

  @Test("comments, shebang, line continuation, and line breaks inside brackets")
  func trivia() {
    #expect(Self.kinds("#!/usr/bin/env arql\nbalance # note\n-- whole line\noverdue")
      == [.newline, .word, .newline, .newline, .word, .endOfInput])
    #expect(Self.kinds("balance by \\\n division") == [.word, .word, .word, .endOfInput])
    #expect(Self.kinds("(a,\n b)\nc") == [.leftParen, .word, .comma, .word, .rightParen, .newline, .word, .endOfInput])
    #expect(Self.kinds("a - b") == [.word, .minus, .word, .endOfInput])
  }

  @Test("operators, and the targeted errors for == && || !")
  func operators() {
    #expect(Self.kinds("= != <> < <= > >= + - * / , ; : .") == [
      .equal, .notEqual, .notEqual, .less, .lessEqual, .greater, .greaterEqual, .plus, .minus, .star, .slash, .comma,
      .semicolon, .colon, .dot, .endOfInput,
    ])
    #expect(Self.values("== && || !").joined(separator: "|")
      == "'==' is written '=' in arql|'&&' is written 'and' in arql|'||' is written 'or' in arql|'!' is written 'not' in arql")
  }

  @Test("keywords are case-insensitive words")
  func keywords() {
    let t = Lexer.tokenize("WHERE Where where")
    #expect(t.dropLast().allSatisfy { $0.isWord("where") })
  }

  @Test("ranges are exact lines and character columns, UTF-8 aware")
  func ranges() {
    let t = Lexer.tokenize("balance where client = 'Société'\n  and état = 2025-06-30")
    let starts = t.map { "\($0.range.start.line):\($0.range.start.column)" }
    #expect(starts == ["1:1", "1:9", "1:15", "1:22", "1:24", "1:33", "2:3", "2:7", "2:12", "2:14", "2:24"])
    #expect(t[4].range.end.column == 33)  // 'Société' is 9 characters
    #expect(t[7].text == "état")
  }

  @Test("the grammar's reserved words are the lexer's")
  func reservedWords() throws {
    let grammar = try String(contentsOfFile: ExampleFiles.root + "/grammar/arql.ebnf", encoding: .utf8)
    let block = try #require(grammar.components(between: "(* reserved-words:", and: "*)"))
    let words = Set(block.split(whereSeparator: { $0 == " " || $0 == "\n" }).map(String.init))
    #expect(words == Keywords.reserved)
  }
}
