import ArqlLanguage

extension Binder {
  /// The metrics computed per customer then rolled up per group: credit limits (kpi-spec
  /// §6.4), payment delay and colour classes (§6.2, §6.3), concentration (§6.5).
  /// - Returns: nil for other metrics.
  func customerMetric(_ builtin: BuiltinMetric, _ call: MetricCall, filter: BoolExpr?, depth: Int) throws -> MetricTree? {
    switch builtin {
    case .creditLimits, .creditUtilisation, .creditOverrun, .customersOverLimit, .customersOver90, .customersWithLimit, .customersWithoutLimit:
      let rollup: CustomerRollup
      switch builtin {
      case .creditLimits: rollup = .limitSum
      case .creditUtilisation: rollup = .utilisation
      case .creditOverrun: rollup = .overrun
      case .customersOverLimit: rollup = .countAbove(share: 1)
      case .customersOver90: rollup = .countAbove(share: 0.9)
      case .customersWithLimit: rollup = .countWithLimit(true)
      default: rollup = .countWithLimit(false)
      }
      let arguments = try Arguments(call)
      try arguments.only(["exposure"])
      let exposure = try bind(.call(MetricCall(name: try exposureMetric(arguments, "exposure", default: "risk_exposure"))),
                              filter: filter, depth: depth + 1)
      let limit = MetricTree.leaf(MetricLeaf(metric: .creditLimit, filter: nil, aging: nil))
      return .perCustomer([Binder.perCustomer(exposure), Binder.perCustomer(limit)], rollup)

    case .paymentDelay, .paymentClass, .greenPayers, .amberPayers, .redPayers:
      let arguments = try Arguments(call)
      let classed = builtin != .paymentDelay
      try arguments.only(["days", "open"] + (classed ? ["green", "amber"] : []) + (builtin == .paymentDelay || builtin == .paymentClass ? ["fallback"] : []))
      let days = try arguments.days("days", default: 180, range: 1...3660)
      let includeOpen = try arguments.word("open", among: ["include", "exclude"], default: "include") == "include"
      let fallback = try arguments.word("fallback", among: ["none", "category"], default: "none") == "category"
      var classes = PaymentClasses()
      classes.green = try arguments.number("green", default: classes.green, range: 0...3660, of: "days")
      classes.amber = try arguments.number("amber", default: classes.amber, range: 0...3660, of: "days")
      guard classes.green <= classes.amber else {
        throw EngineError(.invalidArgument, "green must not exceed amber (green ≤ \(classes.green) days, amber ≤ \(classes.amber))", at: call.range)
      }
      let trailing: (MetricTree) -> MetricTree = { tree in
        Binder.filtered(tree, filter).mapLeaves { leaf in
          var l = leaf
          if l.metric.kind == .window { l.trailingDays = days }
          return l
        }
      }
      let delay = trailing(BuiltinMetric.dbt(weight: .amount, signed: false, includeOpen: includeOpen))
      let payments = trailing(.leaf(MetricLeaf(metric: .cashCount, filter: nil, aging: nil, anchor: .windowEnd)))
      let sampled = MetricTree.sampled(delay, payments, minimum: 3)
      if fallback {
        // Numerator, denominator and payments of each customer, for DelayFallback.
        guard case .weighted(let numerator, let denominator) = delay else { return sampled }
        return .perCustomer([numerator, denominator, payments].map(Binder.perCustomer),
                            .robustDelay(builtin == .paymentClass ? classes : nil))
      }
      switch builtin {
      case .paymentDelay: return sampled
      case .paymentClass: return .classified(sampled, classes)
      case .greenPayers: return .perCustomer([Binder.perCustomer(delay)], .countClass(.green, classes))
      case .amberPayers: return .perCustomer([Binder.perCustomer(delay)], .countClass(.amber, classes))
      default: return .perCustomer([Binder.perCustomer(delay)], .countClass(.red, classes))
      }

    case .concentration:
      let arguments = try Arguments(call)
      try arguments.only(["customers", "exposure"])
      let top = try arguments.count("customers", default: 10)
      let exposureName = try exposureMetric(arguments, "exposure", default: "balance")
      let exposure = try bind(.call(MetricCall(name: exposureName)), filter: filter, depth: depth + 1)
      return .perCustomer([Binder.perCustomer(exposure)], .topShare(top))

    case .creditLimit:
      throw EngineError(.unknownMetric, "credit_limit is a customer column: use credit_limits for the sum of the limits", at: call.range)

    default:
      return nil
    }
  }

  /// The metric an argument (`exposure:`, `of:`) names: risk, real, net or a point-in-time
  /// money metric.
  func exposureMetric(_ arguments: Arguments, _ name: String, default fallback: String) throws -> String {
    guard let argument = arguments.value(name) else { return fallback }
    let range = argument.name.range
    switch Binder.word(argument.value) {
    case "risk": return "risk_exposure"
    case "real": return "real_exposure"
    case "net": return "balance"
    case let word:
      guard let metric = catalog.metric(word), metric.unit == .money, metric.kind == .pointInTime else {
        throw EngineError(.invalidArgument, "\(name) is risk, real, net or a point-in-time money metric", at: range)
      }
      return word
    }
  }

  /// The tree with every leaf summed per group × customer.
  static func perCustomer(_ tree: MetricTree) -> MetricTree {
    tree.mapLeaves { leaf in
      var l = leaf
      l.perCustomer = true
      return l
    }
  }

  /// A per-customer rollup cannot be an operand: its value is made from customers, not sums.
  static func notPerCustomer(_ tree: MetricTree, _ e: MetricExpr) throws -> MetricTree {
    guard tree.hasPerCustomer else { return tree }
    throw EngineError(.unsupported, "'\(Formatter.format(e))' is rolled up from per-customer values and cannot be part of arithmetic; "
                        + "show it as a column of its own")
  }
}
