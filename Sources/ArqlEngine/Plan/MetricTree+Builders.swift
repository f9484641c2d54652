import ArqlLanguage

/// Trees the catalog's builds are made of.
extension MetricTree {
  /// A kernel at the as-of date (or each bucket's end) or over the window.
  static func kernel(_ id: KernelID, days: Int32 = 0) -> MetricTree {
    var leaf = MetricLeaf(metric: id, filter: nil, aging: nil)
    leaf.days = days
    return .leaf(leaf)
  }

  /// A kernel of a ratio: window kernels over the window, point-in-time ones at its end (or
  /// the day before it starts).
  static func at(_ id: KernelID, _ anchor: LeafAnchor = .windowEnd, days: Int32 = 0) -> MetricTree {
    var leaf = MetricLeaf(metric: id, filter: nil, aging: nil, anchor: anchor)
    leaf.days = days
    return .leaf(leaf)
  }

  /// The same tree as the whole of a share (`MetricLeaf.whole`).
  var whole: MetricTree {
    mapLeaves { leaf in
      var l = leaf
      l.whole = true
      return l
    }
  }

  /// A share: `part / whole`, the whole not split by a dimension of a linked universe.
  static func share(_ part: MetricTree, of whole: MetricTree) -> MetricTree { .binary(.divide, part, whole.whole) }

  /// `(tree where days_past_due > days)`.
  static func pastDue(_ tree: MetricTree, moreThan days: Int64) -> MetricTree {
    Binder.filtered(tree, .compare(.column(Identifier("days_past_due")), .greater, .literal(.number(ExactNumber(mantissa: days, scale: 0)), .none)))
  }

  /// The same tree with every leaf summed per group × customer.
  var perCustomer: MetricTree {
    mapLeaves { leaf in
      var l = leaf
      l.perCustomer = true
      return l
    }
  }

  /// A countback of `balance` through the net sales of the periods back from the as-of date
  /// (kpi-spec §3.2).
  static func countback(_ balance: KernelID, _ zeroMonth: CountbackZeroMonth) -> MetricTree {
    .countback(
      .leaf(MetricLeaf(metric: balance, filter: nil, aging: nil)),
      (0..<KernelID.countbackPeriods).map { .leaf(MetricLeaf(metric: .periodSales, filter: nil, aging: nil, period: $0)) }, zeroMonth)
  }

  /// CEI from its parts: B = AR the day before the window, S = sales, E = AR at the end,
  /// Ec = not due at the end (kpi-spec §3.6).
  static func cei(_ variant: CeiVariant) -> MetricTree {
    .cei(.at(.balance, .beforeWindow), .at(.creditSales), .at(.balance), .at(.notDue), variant)
  }

  /// DBT's variants (kpi-spec §3.5): weighted by amount or by count, days late floored at 0
  /// or signed, and optionally the open overdue items at their days past due.
  static func dbt(weight: DbtWeight, signed: Bool, includeOpen: Bool) -> MetricTree {
    switch weight {
    case .count:
      return .weighted(.at(signed ? .cashDaysLateSignedCount : .cashDaysLateCount), .at(.cashCount))
    case .amount:
      let days = MetricTree.at(signed ? .cashDaysLateSigned : .cashDaysLate)
      if includeOpen {
        return .weighted(.binary(.add, days, .at(.overdueDays)), .binary(.add, .at(.cashApplied), .at(.overdue)))
      }
      return .weighted(days, .at(.cashApplied))
    }
  }

  /// A metric of the DSO family from `method: standard|countback` and `zero_month: cross|stop`.
  /// - Throws: `zero_month` given without the countback method.
  static func dsoFamily(_ a: MetricArguments, standard: MetricTree, countback: (CountbackZeroMonth) -> MetricTree) throws -> MetricTree {
    let zeroMonth = CountbackZeroMonth(rawValue: a.word("zero_month")) ?? .cross
    if a.word("method") == "countback" { return countback(zeroMonth) }
    if zeroMonth == .stop { throw EngineError(.invalidArgument, "zero_month applies to the countback method", at: a.call.range) }
    return standard
  }

  /// The provision the aging policy requires (kpi-spec §8.4): `rates:` per bucket of
  /// `buckets:` (default: the session's rates on the default buckets).
  static func provision(_ a: MetricArguments, sessionRates: [Int64]) throws -> MetricTree {
    var spec = AgingSpec()
    if let edges = a.list("buckets") { spec.edges = edges.map { Int($0) } }
    let percents = a.list("rates") ?? (spec.edges == AgingSpec().edges ? sessionRates : [])
    guard percents.count == spec.bucketNames.count, percents.allSatisfy({ (0...100).contains($0) }) else {
      throw EngineError(.invalidArgument, "rates are \(spec.bucketNames.count) percentages from 0 to 100, one per bucket ("
                          + spec.bucketNames.joined(separator: ", ") + ")", at: a.range("rates"))
    }
    var provision = MetricLeaf(metric: .provision, filter: nil, aging: spec, anchor: .asOf)
    provision.rates = percents.map { $0 * 100 }
    return .leaf(provision)
  }

  /// What a payer-behaviour metric shows of each customer's payment delay (kpi-spec §6.2).
  enum PayerView {
    case delay, paymentClass
    /// Customers of one colour.
    case count(PaymentClass)
  }

  /// The payment delay of the trailing `days:` (cash applied, open overdue items with `open:
  /// include`), LOW_SAMPLE under 3 payments, `fallback: category`, and its colour classes.
  static func payerBehaviour(_ a: MetricArguments, _ view: PayerView) throws -> MetricTree {
    let days = a.days("days")
    var classes = PaymentClasses()
    if a.given("green") { classes.green = a.number("green") }
    if a.given("amber") { classes.amber = a.number("amber") }
    guard classes.green <= classes.amber else {
      throw EngineError(.invalidArgument, "green must not exceed amber (green ≤ \(classes.green) days, amber ≤ \(classes.amber))", at: a.call.range)
    }
    let trailing: (MetricTree) -> MetricTree = { tree in
      tree.mapLeaves { leaf in
        var l = leaf
        if l.metric.kind == .window { l.trailingDays = days }
        return l
      }
    }
    let delay = trailing(.dbt(weight: .amount, signed: false, includeOpen: a.word("open") == "include"))
    let payments = trailing(.at(.cashCount))
    let sampled = MetricTree.sampled(delay, payments, minimum: 3)
    if a.word("fallback") == "category" {
      // Numerator, denominator and payments of each customer, for DelayFallback.
      guard case .weighted(let numerator, let denominator) = delay else { return sampled }
      var classed: PaymentClasses? = nil
      if case .paymentClass = view { classed = classes }
      return .perCustomer([numerator, denominator, payments].map(\.perCustomer), .robustDelay(classed))
    }
    switch view {
    case .delay: return sampled
    case .paymentClass: return .classified(sampled, classes)
    case .count(let colour): return .perCustomer([delay.perCustomer], .countClass(colour, classes))
    }
  }
}

extension KernelID {
  /// How many periods a countback walks at most, the current one included (kpi-spec §3.2).
  static let countbackPeriods = 24
}
