/// Appends CSV rows (comma, RFC 4180 quoting, ISO dates, two-decimal amounts) to a byte buffer
/// without creating a `String` per value.
struct CSVRowWriter {
  private(set) var bytes: [UInt8] = []
  private var atRowStart = true

  init(capacity: Int = 1 << 16) { bytes.reserveCapacity(capacity) }

  private mutating func separate() {
    if !atRowStart { bytes.append(44) }
    atRowStart = false
  }

  /// A text field, quoted when it holds a comma, a quote or a line break.
  mutating func text(_ value: String) {
    separate()
    Self.appendField(value.utf8, to: &bytes)
  }

  /// Appends one field's bytes, quoted (inner quotes doubled) when they hold a comma, a quote
  /// or a line break.
  static func appendField<C: Collection<UInt8>>(_ value: C, to bytes: inout [UInt8]) {
    if value.contains(where: { $0 == 44 || $0 == 34 || $0 == 10 || $0 == 13 }) {
      bytes.append(34)
      for b in value {
        if b == 34 { bytes.append(34) }
        bytes.append(b)
      }
      bytes.append(34)
    } else {
      bytes.append(contentsOf: value)
    }
  }

  /// A prefix followed by a zero-padded number: `INV0000042`.
  mutating func id(_ prefix: StaticString, _ number: Int, width: Int) {
    separate()
    prefix.withUTF8Buffer { bytes.append(contentsOf: $0) }
    var digits = 1
    var v = number
    while v >= 10 {
      v /= 10
      digits += 1
    }
    if digits < width { bytes.append(contentsOf: repeatElement(48, count: width - digits)) }
    Money.appendDigits(UInt64(number), to: &bytes)
  }

  /// An id with a numeric suffix: `INV0000042-2`.
  mutating func id(_ prefix: StaticString, _ number: Int, width: Int, suffix: Int, suffixWidth: Int = 1) {
    id(prefix, number, width: width)
    bytes.append(45)
    let digits = String(suffix).count
    if digits < suffixWidth { bytes.append(contentsOf: repeatElement(48, count: suffixWidth - digits)) }
    Money.appendDigits(UInt64(suffix), to: &bytes)
  }

  mutating func money(_ cents: Int64) {
    separate()
    Money.append(cents, to: &bytes)
  }

  mutating func day(_ day: Int32) {
    separate()
    let (y, m, d) = Day.civil(day)
    Day.appendISO(year: y, month: m, day: d, to: &bytes)
  }

  mutating func int(_ value: Int) {
    separate()
    if value < 0 { bytes.append(45) }
    Money.appendDigits(UInt64(abs(value)), to: &bytes)
  }

  mutating func empty() { separate() }

  mutating func endRow() {
    bytes.append(10)
    atRowStart = true
  }

  mutating func header(_ names: [String]) {
    for name in names { text(name) }
    endRow()
  }

  mutating func removeAll() { bytes.removeAll(keepingCapacity: true) }
}
