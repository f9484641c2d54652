import ArqlLanguage
import ArqlLedger
import ArqlSupport

/// Resolves a parsed query against the catalog, the ledger's columns and the calendar: metric
/// names to kernels (user metrics expanded), dimensions to columns, windows and the as-of
/// date to days.
struct Binder {
  let catalog: MetricCatalog
  let attributeNames: [String]
  let dimensions: [String: ValueExpr]
  let calendar: Calendar
  let parameters: Parameters
  let asOf: (day: Int32, source: String)
  let today: Int32
  /// The session's provision policy, the default of `provision(rates: ...)`.
  var provisionRates: [Int64] = Binder.defaultProvisionRates

  func bind(_ query: Query) throws -> BoundQuery {
    let c = query.clauses
    var notes: [String] = []
    if let filter = c.filter { try checkColumns(filter) }
    // Metrics.
    var items: [BoundQuery.Item] = []
    for item in query.metrics {
      let tree = try bind(item.expression, filter: nil, depth: 0)
      var aging: AgingSpec? = nil
      if case .leaf(let leaf) = tree, leaf.metric == .agedBalance { aging = leaf.aging ?? AgingSpec() }
      if aging == nil && tree.leaves.contains(where: { $0.metric == .agedBalance }) {
        throw EngineError(.unsupported, "aged_balance has one column per bucket and cannot be used in arithmetic", at: item.range,
                          notes: ["use balance, overdue or a filtered metric such as (overdue where days_past_due > 90)"])
      }
      let name = item.alias?.name ?? Binder.columnName(item.expression)
      items.append(BoundQuery.Item(name: name, tree: tree, unit: unit(of: item.expression, tree), aging: aging,
                                   formula: formula(item.expression)))
      // The risk score shows every part it takes off, each as its own column.
      if case .perCustomer(let parts, .riskScore(let weights, .score)) = tree {
        for component in RiskComponent.allCases where component != .score {
          items.append(BoundQuery.Item(name: "\(name)_\(component.rawValue)", tree: .perCustomer(parts, .riskScore(weights, component)),
                                       unit: .number, aging: nil, formula: "points taken off for \(component.rawValue) (kpi-spec §6.5)"))
        }
      }
    }
    // Groups.
    var groups: [BoundQuery.Group] = []
    var grain: TimeUnit? = nil
    for group in c.by ?? [] {
      switch group {
      case .grain(let unit, let range):
        if grain != nil { throw EngineError(.duplicateClause, "one time grain per query", at: range) }
        grain = unit
      case .dimension(let name, let g):
        if let definition = dimensions[name.name] {
          groups.append(.defined(name.name, definition))
        } else {
          try checkAttribute(name)
          groups.append(.attribute(name.name, grain: g))
        }
      case .bucket(let name, let edges):
        try checkAttribute(name)
        groups.append(.bucket(name.name, edges: edges))
      }
    }
    // Time.
    let asOfDay = try c.asOf.map { try calendar.resolve($0, asOf: asOf.day, today: today, parameters: parameters) } ?? asOf.day
    let asOfSource = c.asOf != nil ? "as of clause" : asOf.source
    if c.trend && grain == nil { grain = Binder.naturalGrain(c.window) }
    let window: DateRange
    let forecasts = items.forecastSpecs
    if let w = c.window {
      window = try calendar.resolve(w, asOf: asOfDay, today: today, parameters: parameters)
    } else if !forecasts.isEmpty {
      // A forecast looks ahead: 13 weeks, or the grain's default number of buckets; the buckets
      // method, its horizon.
      let horizon = forecasts.first { $0.method == .buckets }?.horizon
      let (count, unit) = horizon.map { (Int($0), TimeUnit.day) } ?? grain.map { (Binder.defaultBuckets($0), $0) } ?? (13, .week)
      window = try calendar.resolve(.next(count, unit), asOf: asOfDay, today: today, parameters: parameters)
      notes.append("default horizon: next \(count) \(unit.plural)")
    } else if let grain {
      window = calendar.last(Binder.defaultBuckets(grain), grain, asOf: asOfDay)
      notes.append("default window: last \(Binder.defaultBuckets(grain)) \(grain.plural)")
    } else {
      window = calendar.last(90, .day, asOf: asOfDay)
    }
    let usesWindow = items.contains { !$0.tree.isPointInTime }
    try checkForecastHorizon(items, window: window, asOf: asOfDay, grain: grain, range: query.range)
    for days in Set(items.flatMap { $0.tree.leaves.compactMap(\.trailingDays) }).sorted() {
      let end = min(window.last, asOfDay)
      notes.append("payment delays: cash applied in the \(days) days to the window's end (\(Day.iso(end - days + 1))..\(Day.iso(end)); with a grain, each bucket's end), open items at that end")
    }
    // Dates grouped by a grain (`by due_date.month`): a window given keeps their buckets (below).
    let datedGroups = groups.compactMap { group -> String? in
      guard case .attribute(let name, let g) = group, g != nil else { return nil }
      return name
    }
    if !usesWindow && c.window != nil && grain == nil && datedGroups.isEmpty {
      notes.append("point-in-time metrics are taken at the as-of date; the window applies to window metrics only")
    }
    var comparison: (DateRange, Int32, String)? = nil
    if let vs = c.comparison {
      switch vs {
      case .previousPeriod:
        let (previous, previousAsOf) = previousPeriod(of: window, grain: grain, asOf: asOfDay)
        comparison = (previous, previousAsOf, "previous period")
      case .previousUnit(let unit):
        comparison = (DateRange(first: calendar.shift(window.first, by: -1, unit), last: calendar.shift(window.last, by: -1, unit)),
                      calendar.shift(asOfDay, by: -1, unit), "previous \(unit.word)")
      case .samePeriodLastYear:
        comparison = (DateRange(first: calendar.shift(window.first, by: -1, .year), last: calendar.shift(window.last, by: -1, .year)),
                      calendar.shift(asOfDay, by: -1, .year), "same period last year")
      case .window(let w):
        let other = try calendar.resolve(w, asOf: asOfDay, today: today, parameters: parameters)
        comparison = (other, other.last, Formatter.format(w))
      }
    }
    // A window given with a date grouped by a grain (`by due_date.month last 6 months`) keeps
    // the rows whose date falls in it: the buckets of the window (issue #18 item 11).
    var filter = c.filter
    if c.window != nil && !datedGroups.isEmpty {
      let first = ValueExpr.literal(.date(Day.iso(window.first)), .none)
      let last = ValueExpr.literal(.date(Day.iso(window.last)), .none)
      filter = .and((filter.map { [$0] } ?? []) + datedGroups.map { .between(.column(Identifier($0)), first, last, negated: false) })
      notes.append("the window keeps the rows whose \(datedGroups.joined(separator: " and ")) falls in \(Day.iso(window.first))..\(Day.iso(window.last))")
    }
    return BoundQuery(
      items: items, groups: groups, grain: grain, filter: filter, having: c.having, window: window, usesWindow: usesWindow,
      asOf: asOfDay, asOfSource: asOfSource, comparison: comparison, trend: c.trend, ranking: c.ranking, order: c.order,
      limit: c.limit, pivot: c.pivot, notes: notes)
  }

  /// The period before a window: when the window is made of whole calendar units (the grain's,
  /// else the largest it is aligned to), the same buckets shifted back by as many units, so
  /// July compares with January and 2025 with the whole of 2024; otherwise as many days just
  /// before it (issue #18 item 1).
  func previousPeriod(of window: DateRange, grain: TimeUnit?, asOf: Int32) -> (DateRange, Int32) {
    let units: [TimeUnit] = grain.map { [$0] } ?? [.year, .quarter, .month, .week]
    for unit in units where unit != .day {
      guard calendar.start(of: unit, containing: window.first) == window.first,
        calendar.end(of: unit, containing: window.last) == window.last
      else { continue }
      let n = calendar.buckets(unit, covering: window).count
      let first = calendar.shift(window.first, by: -n, unit)
      let last = calendar.end(of: unit, containing: calendar.shift(calendar.start(of: unit, containing: window.last), by: -n, unit))
      let previousAsOf = asOf >= window.last ? last + (asOf - window.last) : calendar.shift(asOf, by: -n, unit)
      return (DateRange(first: first, last: last), previousAsOf)
    }
    return (window.previousPeriod, asOf - Int32(window.days))
  }

  /// The grain `trend` groups by: the window's own unit.
  static func naturalGrain(_ window: TimeWindow?) -> TimeUnit {
    switch window {
    case .last(_, let u)?, .next(_, let u)?: return u == .day ? .week : u
    case .previous(let u)?, .this(let u)?: return u == .year || u == .fiscalYear ? .month : (u == .quarter ? .month : .day)
    default: return .month
    }
  }

  /// How many buckets a grain shows when the query gives no window.
  static func defaultBuckets(_ grain: TimeUnit) -> Int {
    switch grain {
    case .day: return 30
    case .week: return 13
    case .month: return 12
    case .quarter, .fiscalQuarter: return 4
    case .year, .fiscalYear: return 3
    }
  }

  func checkAttribute(_ name: Identifier) throws {
    guard !attributeNames.contains(name.name) else { return }
    let candidates = attributeNames + Array(dimensions.keys)
    let suggestion = DidYouMean.suggestion(for: name.name, among: candidates)
    throw EngineError(.unknownDimension, "unknown dimension '\(name.name)'", at: name.range,
                      label: suggestion.map { "did you mean '\($0)'?" },
                      notes: ["available: " + candidates.sorted().joined(separator: ", ")])
  }

  /// The column name of a metric item without alias: its canonical text.
  static func columnName(_ e: MetricExpr) -> String {
    if case .call(let call) = e, call.arguments.isEmpty || call.name == "aged_balance" { return call.name }
    return Formatter.format(e)
  }

  func bind(_ e: MetricExpr, filter: BoolExpr?, depth: Int) throws -> MetricTree {
    guard depth < 32 else { throw EngineError(.unsupported, "metric definitions refer to each other in a loop") }
    switch e {
    case .number(let n, _):
      return .number(n.doubleValue)
    case .parameter(let p):
      guard case .literal(.number(let n))? = parameters.values[p.name] else {
        if parameters.values[p.name] == nil { throw EngineError.unknownParameter(p.name, at: p.range) }
        throw EngineError.typeMismatch("$\(p.name) is not a number", at: p.range)
      }
      return .number(n.doubleValue)
    case .negate(let inner):
      return .negate(try Binder.notPerCustomer(bind(inner, filter: filter, depth: depth), inner))
    case .binary(let op, let a, let b):
      return .binary(op, try Binder.notPerCustomer(bind(a, filter: filter, depth: depth), a),
                     try Binder.notPerCustomer(bind(b, filter: filter, depth: depth), b))
    case .filtered(let inner, let condition):
      try checkColumns(condition)
      return try bind(inner, filter: Binder.and(filter, condition), depth: depth)
    case .call(let call):
      guard let definition = catalog.metric(call.name) else {
        throw EngineError(.unknownMetric, "unknown metric '\(call.written)'", at: call.range)
      }
      switch definition.implementation {
      case .builtin(let build):
        let arguments = try MetricArguments(call, specs: definition.arguments) { name in
          catalog.metric(name).map { $0.unit == .money && $0.kind == .pointInTime } ?? false
        }
        return Binder.filtered(try build.make(arguments, self), filter)
      case .expression(let expression, let own):
        if let argument = call.arguments.first {
          throw EngineError(.invalidArgument, "\(call.name) takes no argument '\(argument.name.name)'", at: argument.name.range)
        }
        return try bind(expression, filter: Binder.and(filter, own), depth: depth + 1)
      }
    }
  }

  /// The tree with a filter added to every leaf.
  static func filtered(_ tree: MetricTree, _ filter: BoolExpr?) -> MetricTree {
    guard let filter else { return tree }
    return tree.mapLeaves { leaf in
      var l = leaf
      l.filter = and(l.filter, filter)
      return l
    }
  }

  static func and(_ a: BoolExpr?, _ b: BoolExpr?) -> BoolExpr? {
    switch (a, b) {
    case let (x?, y?): return .and([x, y])
    case let (x?, nil): return x
    case let (nil, y?): return y
    default: return nil
    }
  }

  func unit(of e: MetricExpr, _ tree: MetricTree) -> MetricUnit {
    if case .call(let call) = e, let definition = catalog.metric(call.name) { return definition.unit }
    switch tree {
    case .leaf(let l): return l.metric.unit
    case .binary(.divide, _, _): return .ratio
    case .binary(_, let a, let b):
      let units = Set((a.leaves + b.leaves).map(\.metric.unit))
      return units.count == 1 && !a.leaves.isEmpty && !b.leaves.isEmpty ? (units.first ?? .money) : .ratio
    case .negate(let t): return t.leaves.first?.metric.unit ?? .ratio
    case .number: return .ratio
    case .ratioDays, .weighted, .countback: return .days
    case .cei: return .percent
    case .perCustomer, .sampled: return .ratio
    case .classified: return .text
    }
  }

  func formula(_ e: MetricExpr) -> String {
    if case .call(let call) = e, let definition = catalog.metric(call.name) { return definition.formula }
    return Formatter.format(e)
  }
}
