import ArqlLedger

/// Days and amounts as text for the renderers, which see the engine and not the ledger
/// (DESIGN §2: ArqlReport imports ArqlEngine only).
public enum ResultText {
  /// `2025-03-31`.
  public static func iso(_ day: Int32) -> String { Day.iso(day) }

  /// Cents as a decimal with two digits: `-1234.50`.
  public static func money(_ cents: Int64) -> String { Money.format(cents) }
}
