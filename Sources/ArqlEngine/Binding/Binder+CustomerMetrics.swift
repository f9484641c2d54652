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
      var exposureName = "risk_exposure"
      for argument in call.arguments {
        guard argument.name.name == "exposure" else {
          throw EngineError(.invalidArgument, "\(call.name) takes exposure: risk|real|net or a money metric", at: argument.name.range)
        }
        exposureName = try exposureMetric(Binder.word(argument.value), at: argument.name.range)
      }
      let exposure = try bind(.call(MetricCall(name: exposureName)), filter: filter, depth: depth + 1)
      let limit = MetricTree.leaf(MetricLeaf(metric: .creditLimit, filter: nil, aging: nil))
      return .perCustomer([Binder.perCustomer(exposure), Binder.perCustomer(limit)], rollup)

    case .paymentDelay, .paymentClass, .greenPayers, .amberPayers, .redPayers:
      var days: Int32 = 180
      var includeOpen = true
      var classes = PaymentClasses()
      var fallback = false
      let classed = builtin != .paymentDelay
      let takes = "\(call.name) takes days: N (trailing window, default 180), open: include|exclude"
        + (classed ? ", green: N (days, default 10), amber: N (default 30)" : "")
        + (builtin == .paymentDelay || builtin == .paymentClass ? ", fallback: none|category" : "")
      for argument in call.arguments {
        switch (argument.name.name, argument.value) {
        case ("days", .literal(.number(let n))):
          guard let whole = Int32(exactly: n.doubleValue), whole > 0, whole <= 3660 else {
            throw EngineError(.invalidArgument, "days is a whole number of days from 1 to 3660", at: argument.name.range)
          }
          days = whole
        case ("open", let value):
          switch Binder.word(value) {
          case "include": includeOpen = true
          case "exclude": includeOpen = false
          default: throw EngineError(.invalidArgument, "open is include (default: overdue items at their days past due) or exclude", at: argument.name.range)
          }
        case ("fallback", let value) where builtin == .paymentDelay || builtin == .paymentClass:
          switch Binder.word(value) {
          case "none": fallback = false
          case "category": fallback = true
          default: throw EngineError(.invalidArgument, "fallback is none (default) or category (then every customer)", at: argument.name.range)
          }
        case ("green", .literal(.number(let n))) where classed: classes.green = n.doubleValue
        case ("amber", .literal(.number(let n))) where classed: classes.amber = n.doubleValue
        default: throw EngineError(.invalidArgument, takes, at: argument.name.range)
        }
      }
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
      var top = 10
      var exposureName = "balance"
      for argument in call.arguments {
        switch (argument.name.name, argument.value) {
        case ("customers", .literal(.number(let n))):
          guard let whole = Int(exactly: n.doubleValue), whole > 0 else {
            throw EngineError(.invalidArgument, "customers is a whole number, e.g. customers: 10", at: argument.name.range)
          }
          top = whole
        case ("of", let value):
          exposureName = try exposureMetric(Binder.word(value), at: argument.name.range)
        default:
          throw EngineError(.invalidArgument, "concentration takes customers: N (default 10), of: net|risk|real or a money metric", at: argument.name.range)
        }
      }
      let exposure = try bind(.call(MetricCall(name: exposureName)), filter: filter, depth: depth + 1)
      return .perCustomer([Binder.perCustomer(exposure)], .topShare(top))

    case .creditLimit:
      throw EngineError(.unknownMetric, "credit_limit is a customer column: use credit_limits for the sum of the limits", at: call.range)

    default:
      return nil
    }
  }

  /// The metric an `exposure:` argument names: risk, real, net or a point-in-time money metric.
  func exposureMetric(_ word: String, at range: SourceRange) throws -> String {
    switch word {
    case "risk": return "risk_exposure"
    case "real": return "real_exposure"
    case "net": return "balance"
    default:
      guard let metric = catalog.metric(word), metric.unit == .money, metric.kind == .pointInTime else {
        throw EngineError(.invalidArgument, "exposure is risk (default), real, net or a point-in-time money metric", at: range)
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
