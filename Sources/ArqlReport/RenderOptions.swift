/// How a result is drawn for people.
public struct RenderOptions: Sendable {
  /// Box borders: Unicode, or ASCII (`.mode ascii`, a terminal that is not UTF-8).
  public var unicode: Bool
  /// ANSI colours (a terminal, without NO_COLOR).
  public var color: Bool
  /// The terminal's width: columns that do not fit are left out, with a note.
  public var width: Int?
  public var locale: NumberLocale
  /// Rows shown before `… N more rows` (nil: all).
  public var maxRows: Int?
  /// The statement's time, in the footer.
  public var elapsed: Double?
  /// The footer line, flags and notes under the table.
  public var footer: Bool

  public init(unicode: Bool = true, color: Bool = false, width: Int? = nil, locale: NumberLocale = .en, maxRows: Int? = nil,
              elapsed: Double? = nil, footer: Bool = true)
  {
    self.unicode = unicode
    self.color = color
    self.width = width
    self.locale = locale
    self.maxRows = maxRows
    self.elapsed = elapsed
    self.footer = footer
  }
}
