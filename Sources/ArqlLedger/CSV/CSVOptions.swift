/// How one CSV file is written. `nil` means "detect from the file".
public struct CSVOptions: Sendable, Equatable {
  /// `,` `;` `|` or tab; detected from the header line when `nil`.
  public var delimiter: UInt8?
  /// `.` or `,`; detected from the amounts when `nil`.
  public var decimalSeparator: UInt8?
  /// A thousands separator, or `nil` for none (detected when an amount has both `.` and `,`).
  public var thousandsSeparator: UInt8?
  /// Whether `(12.50)` means −12.50.
  public var parenthesesAreNegative: Bool
  /// The date layout; detected from the dates when `nil` (an ambiguous file is an error).
  public var dateFormat: DateFormat?
  /// The character set.
  public var encoding: TextEncoding

  public init(
    delimiter: UInt8? = nil, decimalSeparator: UInt8? = nil, thousandsSeparator: UInt8? = nil,
    parenthesesAreNegative: Bool = false, dateFormat: DateFormat? = nil, encoding: TextEncoding = .auto
  ) {
    self.delimiter = delimiter
    self.decimalSeparator = decimalSeparator
    self.thousandsSeparator = thousandsSeparator
    self.parenthesesAreNegative = parenthesesAreNegative
    self.dateFormat = dateFormat
    self.encoding = encoding
  }

  /// These options with every unset field taken from `defaults`.
  public func filled(from defaults: CSVOptions) -> CSVOptions {
    CSVOptions(
      delimiter: delimiter ?? defaults.delimiter,
      decimalSeparator: decimalSeparator ?? defaults.decimalSeparator,
      thousandsSeparator: thousandsSeparator ?? defaults.thousandsSeparator,
      parenthesesAreNegative: parenthesesAreNegative || defaults.parenthesesAreNegative,
      dateFormat: dateFormat ?? defaults.dateFormat,
      encoding: encoding == .auto ? defaults.encoding : encoding)
  }

  /// Reads a one-character separator as users write it: `,` `;` `|` `tab` `\t` `space`.
  public static func separator(named name: String) -> UInt8? {
    switch name.lowercased() {
    case "tab", "\\t", "\t": return 9
    case "space", " ": return 32
    case "none", "": return nil
    default:
      let bytes = Array(name.utf8)
      return bytes.count == 1 ? bytes[0] : nil
    }
  }

  /// The printable name of a separator byte.
  public static func separatorName(_ byte: UInt8) -> String {
    switch byte {
    case 9: return "tab"
    case 32: return "space"
    default: return String(UnicodeScalar(byte))
    }
  }
}
