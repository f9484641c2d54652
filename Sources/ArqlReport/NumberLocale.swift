/// How numbers and dates read in tables for people; machine formats never change.
public enum NumberLocale: String, Sendable, CaseIterable {
  /// `1,234.56`, `12.5 %`, `2025-03-31`.
  case en
  /// `1 234,56 €`, `12,5 %`, `31/03/2025`.
  case fr

  var groupSeparator: String { self == .fr ? "\u{202F}" : "," }
  var decimalSeparator: String { self == .fr ? "," : "." }
}
