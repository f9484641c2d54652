/// The window of flow metrics (see grammar/arql.ebnf for the single time rule).
public enum TimeWindow: Sendable, Equatable {
  /// The N complete units ending at or before the as-of date.
  case last(Int, TimeUnit)
  /// The N units after the as-of date (forecasts).
  case next(Int, TimeUnit)
  /// The unit containing the as-of date, to date.
  case this(TimeUnit)
  /// The last complete unit (`previous quarter`, `last quarter`).
  case previous(TimeUnit)
  case yearToDate, quarterToDate, monthToDate
  case today, yesterday
  /// `from A to B`, both ends included.
  case range(DateExpr, DateExpr)
  /// `in 2025-Q1`.
  case period(Period)
  /// `in $p`.
  case parameter(Identifier)
}

/// A date in `as of`, `from ... to ...` and `let`.
public enum DateExpr: Sendable, Equatable {
  case date(String)
  case parameter(Identifier)
  case today, yesterday
  /// `start of previous quarter`, `start of 2025-Q1`.
  case startOf(PeriodReference)
  /// `end of previous quarter`, `end of 2025`.
  case endOf(PeriodReference)
}

/// The period of `start of` / `end of`.
public enum PeriodReference: Sendable, Equatable {
  /// `[previous] quarter`: the current (or previous) unit relative to the as-of date.
  case unit(TimeUnit, previous: Bool)
  case period(Period)
}
