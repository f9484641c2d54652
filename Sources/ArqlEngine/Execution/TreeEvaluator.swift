import ArqlLanguage

/// Evaluates a metric tree for one group from the sums of its leaves: the value and the flags
/// its computation raised, returned rather than written to shared state, so each cell keeps
/// its own flags (footnote markers) and ranking raises none.
struct TreeEvaluator {
  /// The day counts ratios read: the window's days, its months, the countback periods' days.
  let days: TreeDays

  init(days: TreeDays = TreeDays()) {
    self.days = days
  }

  /// The value of a tree and the flags its computation raised (kpi-spec §1.8).
  /// - Parameter leaf: the sum of each leaf for the group, asked in leaf order.
  func evaluate(_ tree: MetricTree, _ leaf: (MetricLeaf) -> Int64) -> (value: ResultValue, flags: Set<ResultFlag>) {
    var flags: Set<ResultFlag> = []
    let v = value(tree, &flags, leaf)
    return (v, flags)
  }

  /// The exact weighted average a tree ends in (a `weighted` node, possibly under `sampled`),
  /// and the flags; nil when the tree is not one or its weight is 0.
  func exactRatio(_ tree: MetricTree, _ leaf: (MetricLeaf) -> Int64) -> (ratio: ExactRatio?, flags: Set<ResultFlag>) {
    var flags: Set<ResultFlag> = []
    var ratio: ExactRatio? = nil
    _ = exactValue(tree, &flags, leaf, &ratio)
    return (ratio, flags)
  }

  /// Evaluates the tree as `value` does, and sets `ratio` to the exact weighted average it ends in.
  private func exactValue(_ tree: MetricTree, _ raised: inout Set<ResultFlag>, _ leaf: (MetricLeaf) -> Int64,
                          _ ratio: inout ExactRatio?) -> ResultValue
  {
    switch tree {
    case .weighted(let a, let b):
      let weighted = TreeEvaluator.weighted(value(a, &raised, leaf), value(b, &raised, leaf))
      ratio = weighted.ratio
      return weighted.value
    case .sampled(let a, let count, let minimum):
      let v = exactValue(a, &raised, leaf, &ratio)
      var n: Int64 = 0
      for l in count.leaves { n &+= leaf(l) }
      if n < minimum, v != .null { raised.insert(.lowSample) }
      return v
    default:
      return value(tree, &raised, leaf)
    }
  }

  /// The weighted mean `x / y` of two sums, and its exact ratio when it has one; n/a for a
  /// zero weight.
  static func weighted(_ x: ResultValue, _ y: ResultValue) -> (value: ResultValue, ratio: ExactRatio?) {
    if let ratio = exact(x, y) { return (.number(ratio.value), ratio) }
    guard let x = x.doubleValue, let y = y.doubleValue, y != 0 else { return (.null, nil) }
    return (.number(x / y), nil)
  }

  /// `x / y` of two sums kept exact: money counts in cents, integers as they are (a ratio of
  /// cents × days to cents, of days to counts). nil for other values or a zero weight.
  static func exact(_ x: ResultValue, _ y: ResultValue) -> ExactRatio? {
    func scaled(_ v: ResultValue) -> (raw: Int64, scale: Int64)? {
      switch v {
      case .money(let c): return (c, 100)
      case .integer(let i): return (i, 1)
      case .number, .text, .null: return nil
      }
    }
    guard let (a, sa) = scaled(x), let (b, sb) = scaled(y) else { return nil }
    if sa == sb { return ExactRatio(a, b) }
    // (a / sa) / (b / sb) = a·sb / (b·sa), when the products fit.
    let (n, o1) = a.multipliedReportingOverflow(by: sb)
    let (d, o2) = b.multipliedReportingOverflow(by: sa)
    return o1 || o2 ? nil : ExactRatio(n, d)
  }

  /// The value alone, for callers that show no flags (a group without rows).
  func value(_ tree: MetricTree, _ leaf: (MetricLeaf) -> Int64) -> ResultValue { evaluate(tree, leaf).value }

  private func value(_ tree: MetricTree, _ raised: inout Set<ResultFlag>, _ leaf: (MetricLeaf) -> Int64) -> ResultValue {
    switch tree {
    case .leaf(let l):
      let v = leaf(l)
      return l.metric.unit == .count ? .integer(v) : .money(v)
    case .number(let n):
      return .number(n)
    case .negate(let t):
      switch value(t, &raised, leaf) {
      case .money(let c): return .money(-c)
      case .integer(let i): return .integer(-i)
      case .number(let d): return .number(-d)
      default: return .null
      }
    case .binary(let op, let a, let b):
      return TreeEvaluator.combine(op, value(a, &raised, leaf), value(b, &raised, leaf))
    case .ratioDays(let a, let b):
      let (x, y) = (value(a, &raised, leaf).doubleValue, value(b, &raised, leaf).doubleValue)
      guard let x, let y else { return .null }
      // A credit balance reads as 0 days; otherwise no sales leaves the ratio undefined (an
      // idle account is n/a, not 0).
      if x < 0 {
        raised.insert(.creditBalance)
        return .number(0)
      }
      if y <= 0 {
        raised.insert(.noSales)
        return .null
      }
      return .number(x / y * Double(days.window))
    case .weighted, .sampled:
      // One place for weighted means and their sample flag: `exactValue`.
      var ratio: ExactRatio? = nil
      return exactValue(tree, &raised, leaf, &ratio)
    case .cei(let a, let b, let c, let d, let variant):
      var v: [Double?] = []
      for part in [a, b, c, d] + (variant.cash.map { [$0] } ?? []) { v.append(value(part, &raised, leaf).doubleValue) }
      guard let begin = v[0], var sales = v[1], let end = v[2], let current = v[3] else { return .null }
      if variant.monthlyAverageSales { sales /= Double(max(1, days.months)) }
      let denominator = begin + sales - current
      guard denominator > 0 else { return .null }
      let numerator = variant.cash == nil ? begin + sales - end : (v.count > 4 ? v[4] ?? 0 : 0)
      let index = numerator / denominator
      if index > 1 { raised.insert(.over100) }
      return .number(index)
    case .countback(let a, let periods, let zeroMonth):
      guard case .money(let balance) = value(a, &raised, leaf) else { return .null }
      // Every leaf is visited, in order, even past the period where the balance runs out.
      return withUnsafeTemporaryAllocation(of: Int64.self, capacity: periods.count) { sales in
        var p = 0
        for period in periods {
          if case .leaf(let l) = period {
            sales[p] = leaf(l)  // the usual shape: one period_sales kernel
          } else if case .money(let c) = value(period, &raised, leaf) {
            sales[p] = c
          } else {
            sales[p] = 0
          }
          p += 1
        }
        let walk = Countback.walk(balance: balance, sales: UnsafeBufferPointer(sales), lengths: days.periods, zeroMonth: zeroMonth)
        for flag in walk.flags { raised.insert(flag) }
        return .number(walk.days)
      }
    case .perCustomer(let trees, _):
      // Rolled up from the pairs by makePartial; the binder keeps it at the top of an item.
      for tree in trees { for l in tree.leaves { _ = leaf(l) } }
      return .null
    case .classified(let a, let classes):
      // The class is decided on the exact delay, never on its rounded Double.
      var ratio: ExactRatio? = nil
      _ = exactValue(a, &raised, leaf, &ratio)
      guard let ratio else { return .null }
      return .text(classes.classify(ratio).rawValue)
    }
  }

  /// A tree of sums and differences of kernels as one column of cents per slot (a count counts
  /// 100 per unit, as `CustomerRollup.cents` reads it); nil for any other tree. `next` hands
  /// the leaf arrays in leaf order.
  static func linearCents(_ tree: MetricTree, slots: Int, _ next: () -> [Int64]?) -> [Int64]? {
    switch tree {
    case .leaf(let l):
      guard let values = next(), values.count >= slots else { return nil }
      return l.metric.unit == .count ? values.map { $0 &* 100 } : values
    case .negate(let t):
      return linearCents(t, slots: slots, next).map { $0.map { 0 &- $0 } }
    case .binary(let op, let a, let b) where op == .add || op == .subtract:
      guard let x = linearCents(a, slots: slots, next), let y = linearCents(b, slots: slots, next) else { return nil }
      return op == .add ? zip(x, y).map { $0 &+ $1 } : zip(x, y).map { $0 &- $1 }
    default:
      return nil
    }
  }

  /// A tree of sums and differences of kernels of one kind (all money, or all counts) as one
  /// column of sums per slot, each equal to what `value` gives for that slot (`.money` or
  /// `.integer` of the same number); nil for any other tree, or leaves of both kinds (whose
  /// sum `value` turns into a Double). `next` hands the leaf arrays in leaf order.
  static func linearSums(_ tree: MetricTree, slots: Int, _ next: () -> [Int64]?) -> (sums: [Int64], counts: Bool)? {
    switch tree {
    case .leaf(let l):
      guard let values = next(), values.count >= slots else { return nil }
      return (values, l.metric.unit == .count)
    case .negate(let t):
      return linearSums(t, slots: slots, next).map { ($0.sums.map { 0 &- $0 }, $0.counts) }
    case .binary(let op, let a, let b) where op == .add || op == .subtract:
      guard let x = linearSums(a, slots: slots, next), let y = linearSums(b, slots: slots, next), x.counts == y.counts else { return nil }
      return (op == .add ? zip(x.sums, y.sums).map { $0 &+ $1 } : zip(x.sums, y.sums).map { $0 &- $1 }, x.counts)
    default:
      return nil
    }
  }

  /// Arithmetic on cells: money ± money stays exact; a division by zero is n/a.
  static func combine(_ op: ArithmeticOperator, _ x: ResultValue, _ y: ResultValue) -> ResultValue {
    switch (op, x, y) {
    case let (.add, .money(a), .money(b)): return .money(a &+ b)
    case let (.subtract, .money(a), .money(b)): return .money(a &- b)
    case let (.add, .integer(a), .integer(b)): return .integer(a &+ b)
    case let (.subtract, .integer(a), .integer(b)): return .integer(a &- b)
    default:
      guard let a = x.doubleValue, let b = y.doubleValue else { return .null }
      switch op {
      case .add: return .number(a + b)
      case .subtract: return .number(a - b)
      case .multiply: return .number(a * b)
      case .divide: return b == 0 ? .null : .number(a / b)
      }
    }
  }
}
