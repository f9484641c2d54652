import Testing
@testable import ArqlLedger

@Suite("Exact amount parsing")
struct NumberFormatTests {
  static let dot = NumberFormat()
  static let comma = NumberFormat(decimalSeparator: 44)
  static let commaThousands = NumberFormat(decimalSeparator: 46, thousandsSeparator: 44)
  static let europe = NumberFormat(decimalSeparator: 44, thousandsSeparator: 46)
  static let parens = NumberFormat(parenthesesAreNegative: true)

  static func parse(_ text: String, _ format: NumberFormat) -> Result<Int64, NumberFormat.Failure> {
    let bytes = Array(text.utf8) + [0]
    return bytes.withUnsafeBufferPointer { format.parseCents($0.baseAddress!, bytes.count - 1) }
  }

  @Test("valid amounts", arguments: [
    ("12.50", dot, Int64(1250)), ("-12.50", dot, -1250), ("+3", dot, 300), ("0.1", dot, 10), (".5", dot, 50),
    ("7.", dot, 700), ("12,50", comma, 1250), ("-12,50", comma, -1250), ("12,50-", comma, -1250),
    ("1,234,567.89", commaThousands, 123_456_789), ("1.234,56", europe, 123_456), ("1.234.567", europe, 123_456_700),
    ("(12.50)", parens, -1250), ("12.500", dot, 1250), ("0", dot, 0), ("92233720368547758.07", dot, Int64.max),
    ("000123.45", dot, 12345),
  ])
  func valid(text: String, format: NumberFormat, cents: Int64) {
    #expect(Self.parse(text, format) == .success(cents))
  }

  @Test("invalid amounts", arguments: [
    ("12.345", dot, NumberFormat.Failure.tooManyDecimals), ("(12.50)", dot, .parentheses), ("abc", dot, .notANumber),
    ("12,50", dot, .notANumber), ("1,23,456.00", commaThousands, .notANumber), ("12.5.0", dot, .notANumber),
    ("-", dot, .notANumber), ("", dot, .notANumber), ("92233720368547758.08", dot, .overflow), ("1e5", dot, .notANumber),
    ("12 50", dot, .notANumber), ("1,234", dot, .notANumber),
  ])
  func invalid(text: String, format: NumberFormat, failure: NumberFormat.Failure) {
    #expect(Self.parse(text, format) == .failure(failure))
  }

  @Test("money text is exact")
  func formatting() {
    #expect(Money.format(0) == "0.00")
    #expect(Money.format(-5) == "-0.05")
    #expect(Money.format(123_456_789) == "1234567.89")
    #expect(Money.grouped(-123_456_789) == "-1,234,567.89")
    #expect(Money.grouped(99) == "0.99")
    #expect(Money.format(Int64.min) == "-92233720368547758.08")
  }

  @Test("the shortcut for the usual amount reads what the full parse reads, or leaves the text to it",
        arguments: [dot, comma, commaThousands, europe])
  func shortcutAgrees(format: NumberFormat) {
    var generator = SplitMix64(seed: 5)
    let alphabet = Array("0123456789.,-+ (".utf8)
    var mismatches: [String] = []
    for _ in 0..<50_000 {
      // Mostly amounts of the usual shape, 0 to 17 integer digits, and some noise.
      let digits = (0..<Int(generator.next() % 18)).map { _ in UInt8(48 + generator.next() % 10) }
      var text = (generator.next() % 3 == 0 ? [45] : []) + digits + [format.decimalSeparator]
        + (0..<Int(generator.next() % 4)).map { _ in UInt8(48 + generator.next() % 10) }
      if generator.next() % 4 == 0 { text[Int(generator.next() % UInt64(text.count))] = alphabet[Int(generator.next() % UInt64(alphabet.count))] }
      let (shortcut, full) = text.withUnsafeBufferPointer { buffer in
        (format.plainCents(buffer.baseAddress!, buffer.count), format.parseCentsInFull(buffer.baseAddress!, buffer.count))
      }
      if let shortcut, full != .success(shortcut) { mismatches.append("\(String(decoding: text, as: UTF8.self)): \(shortcut) vs \(full)") }
    }
    #expect(mismatches.isEmpty, "\(mismatches.prefix(5))")
  }
}
