import ArqlLedger

/// A span of whole days, both ends included.
public struct DateRange: Sendable, Hashable, CustomStringConvertible {
  public var first: Int32
  public var last: Int32

  public init(first: Int32, last: Int32) {
    self.first = first
    self.last = last
  }

  /// The number of days (0 for an empty range).
  public var days: Int { max(0, Int(last - first) + 1) }

  /// Whether the day is inside.
  @inlinable
  public func contains(_ day: Int32) -> Bool { day >= first && day <= last }

  /// `2025-04-01..2025-06-30`.
  public var description: String { "\(Day.iso(first))..\(Day.iso(last))" }

  /// The same length, just before this range.
  public var previousPeriod: DateRange { DateRange(first: first - Int32(days), last: first - 1) }
}
