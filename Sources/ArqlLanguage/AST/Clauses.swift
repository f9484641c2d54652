/// One `by` item.
public enum GroupItem: Sendable, Equatable {
  /// `by month`: the metric's own date, bucketed.
  case grain(TimeUnit, SourceRange)
  /// `by division`, `by due_date.month`.
  case dimension(Identifier, grain: TimeUnit?)
  /// `by bucket(amount, [1000, 10000])`.
  case bucket(Identifier, [Int64])
}

/// `vs ...`.
public enum Comparison: Sendable, Equatable {
  case previousPeriod
  case previousUnit(TimeUnit)
  case samePeriodLastYear
  case window(TimeWindow)
}

/// `top N [per dim]` / `bottom N [per dim]`.
public struct Ranking: Sendable, Equatable {
  public var top: Bool
  public var count: Int
  public var per: Identifier?

  public init(top: Bool, count: Int, per: Identifier? = nil) {
    self.top = top
    self.count = count
    self.per = per
  }
}

/// One `order by` key.
public struct OrderItem: Sendable, Equatable {
  /// What to order by.
  public enum Key: Sendable, Equatable {
    /// A dimension, metric or alias name (resolved by the binder); a metric written with its
    /// catalog words (`order by aged balance`) is its canonical name.
    case name(Identifier)
    /// A 1-based column position.
    case position(Int)
  }
  public var key: Key
  public var descending: Bool?

  public init(key: Key, descending: Bool? = nil) {
    self.key = key
    self.descending = descending
  }
}

/// `pivot [by] grain|dimension`.
public enum PivotItem: Sendable, Equatable {
  case grain(TimeUnit)
  case dimension(Identifier)
}

/// The output of a statement: `as FORMAT`, `chart [kind]`, `to 'file'`.
public struct OutputSpec: Sendable, Equatable {
  public var format: String?
  /// `chart` with an optional kind (`""` for the default chart).
  public var chart: String?
  public var destination: String?

  public init(format: String? = nil, chart: String? = nil, destination: String? = nil) {
    self.format = format
    self.chart = chart
    self.destination = destination
  }

  public var isEmpty: Bool { format == nil && chart == nil && destination == nil }
}

/// The clauses of a query; each may appear once, in any order.
public struct Clauses: Sendable, Equatable {
  public var by: [GroupItem]?
  public var filter: BoolExpr?
  public var having: BoolExpr?
  public var window: TimeWindow?
  public var asOf: DateExpr?
  public var comparison: Comparison?
  public var trend: Bool = false
  public var ranking: Ranking?
  public var order: [OrderItem]?
  public var limit: Int?
  public var pivot: PivotItem?

  public init() {}

  /// Whether no clause is set.
  public var isEmpty: Bool { self == Clauses() }
}
