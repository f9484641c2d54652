extension CSVOptions {
  /// A CSV setting given by name, as the command line (`--decimal ,`), a mapping file
  /// (`decimal = ,`) and `load csv ... with decimal = ','` write it: the one reader of all three.
  public enum SettingError: Error, Equatable {
    /// The key is not a CSV setting.
    case unknownKey
    /// The value is not one the setting takes; the message says which it takes.
    case badValue(String, notes: [String])
  }

  /// The keys `apply(_:_:)` reads.
  public static let settingKeys = ["delimiter", "decimal", "thousands", "date_format", "encoding", "negative_parens"]

  /// Sets the option named `key` from its text.
  /// - Throws: `SettingError.unknownKey` for a key that is not a CSV setting, `.badValue` for a
  ///   value it does not take.
  public mutating func apply(_ key: String, _ text: String) throws(SettingError) {
    switch key {
    case "delimiter":
      guard let byte = CSVOptions.separator(named: text), [44, 59, 124, 9].contains(byte) else {
        throw .badValue("delimiter must be , ; | or tab", notes: [])
      }
      delimiter = byte
    case "decimal":
      guard let byte = CSVOptions.separator(named: text), byte == 46 || byte == 44 else { throw .badValue("decimal must be . or ,", notes: []) }
      decimalSeparator = byte
    case "thousands":
      guard let byte = CSVOptions.separator(named: text), [44, 46, 32, 39].contains(byte) else {
        throw .badValue("thousands must be , . space or '", notes: [])
      }
      thousandsSeparator = byte
    case "date_format":
      guard let format = DateFormat(name: text) else {
        throw .badValue("unknown date format '\(text)'", notes: ["formats: " + DateFormat.acceptedNames])
      }
      dateFormat = format
    case "encoding":
      guard let value = TextEncoding(name: text) else { throw .badValue("unknown encoding '\(text)'", notes: ["encodings: utf-8, latin9, auto"]) }
      encoding = value
    case "negative_parens":
      guard let flag = CSVOptions.flag(text) else { throw .badValue("negative_parens is yes or no", notes: []) }
      parenthesesAreNegative = flag
    default:
      throw .unknownKey
    }
  }

  /// A yes/no value: yes, true, 1, on / no, false, 0, off.
  public static func flag(_ text: String) -> Bool? {
    switch text.lowercased() {
    case "yes", "true", "1", "on": return true
    case "no", "false", "0", "off": return false
    default: return nil
    }
  }
}

extension CSVOptions.SettingError {
  /// What was wrong, for a message.
  public var message: String {
    switch self {
    case .unknownKey: return "unknown setting"
    case .badValue(let message, _): return message
    }
  }

  /// Notes for the message: what the setting takes.
  public var notes: [String] {
    switch self {
    case .unknownKey: return []
    case .badValue(_, let notes): return notes
    }
  }
}

extension LoadOptions {
  /// The key `applyTerms(_:)` reads besides the CSV settings.
  public static let termsKey = "default_terms_days"

  /// Sets the default payment terms from their text (0 to 3650 days).
  public mutating func applyTerms(_ text: String) throws(CSVOptions.SettingError) {
    guard let days = Int(text), (0...3650).contains(days) else {
      throw .badValue("default_terms_days is a number of days from 0 to 3650", notes: [])
    }
    defaultTermsDays = days
  }

  /// Sets how "45 jours fin de mois" reads (`eom_rule`).
  public mutating func applyEndOfMonthRule(_ text: String) throws(CSVOptions.SettingError) {
    guard let rule = PaymentTerms.EndOfMonthRule(rawValue: text.trimmingSpaces.lowercased()) else {
      throw .badValue("eom_rule is days_then_eom (45 days, then the end of that month) or eom_then_days (the end of the month, then 45 days)",
                      notes: [])
    }
    endOfMonthRule = rule
  }
}
