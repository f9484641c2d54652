import ArqlLanguage

/// What the catalog's builds ask of the binder: other metrics by name and the session's
/// provision policy.
extension Binder {
  /// The illustrative policy of kpi-spec §8.4: current 0 %, 1–30 1 %, 31–60 5 %, 61–90 20 %,
  /// 91–120 50 %, over 120 100 %.
  public static let defaultProvisionRates: [Int64] = [0, 1, 5, 20, 50, 100]

  /// The tree of a catalog metric by name, without arguments or filter.
  func tree(ofMetric name: String) throws -> MetricTree {
    try bind(.call(MetricCall(name: name)), filter: nil, depth: 1)
  }

  /// The exposure an `exposure:` argument names: risk, real, net (balance) or a metric.
  func exposureTree(_ word: String) throws -> MetricTree {
    switch word {
    case "risk": return try tree(ofMetric: "risk_exposure")
    case "real": return try tree(ofMetric: "real_exposure")
    case "net": return try tree(ofMetric: "balance")
    default: return try tree(ofMetric: word)
    }
  }

  /// Each customer's exposure (`exposure:`) against its credit limit, rolled up per group
  /// (kpi-spec §6.4).
  func creditTree(_ a: MetricArguments, _ rollup: CustomerRollup) throws -> MetricTree {
    let exposure = try exposureTree(a.given("exposure") ? a.word("exposure") : "risk")
    return .perCustomer([exposure.perCustomer, MetricTree.kernel(.creditLimit).perCustomer], rollup)
  }

  /// The per-customer trees of a risk score (`RiskScore.Part` order) and one of its columns
  /// (kpi-spec §6.5).
  func riskScoreTree(_ weights: RiskWeights, _ component: RiskComponent) throws -> MetricTree {
    let trailing = MetricTree.dbt(weight: .amount, signed: false, includeOpen: true).mapLeaves { leaf in
      var l = leaf
      if l.metric.kind == .window { l.trailingDays = 180 }
      return l
    }
    let exposure = try tree(ofMetric: "risk_exposure")
    let parts: [MetricTree] = [trailing, .kernel(.overdue), .kernel(.grossOpen), exposure, .kernel(.creditLimit), .kernel(.disputedAmount)]
    return .perCustomer(parts.map(\.perCustomer), .riskScore(weights, component))
  }

  /// A per-customer rollup cannot be an operand: its value is made from customers, not sums.
  static func notPerCustomer(_ tree: MetricTree, _ e: MetricExpr) throws -> MetricTree {
    guard tree.hasPerCustomer else { return tree }
    throw EngineError(.unsupported, "'\(Formatter.format(e))' is rolled up from per-customer values and cannot be part of arithmetic; "
                        + "show it as a column of its own")
  }
}
