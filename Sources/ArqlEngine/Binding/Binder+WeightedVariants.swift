import ArqlLanguage

extension Binder {
  /// The leaf of a window kernel, its point-in-time parts at the window's end.
  static func windowLeaf(_ m: BuiltinMetric) -> MetricTree { .leaf(MetricLeaf(metric: m, filter: nil, aging: nil, anchor: .windowEnd)) }

  /// `weight: count|amount` of a weighted rate; true for amount.
  static func weightsByAmount(_ call: MetricCall) throws -> Bool {
    let arguments = try Arguments(call)
    try arguments.only(["weight"])
    return try arguments.word("weight", among: ["count", "amount"], default: "count") == "amount"
  }

  /// Average resolution time weighted by count (default) or by disputed amount (kpi-spec §8.1).
  func resolutionVariant(_ call: MetricCall) throws -> MetricTree {
    let leaf = Binder.windowLeaf
    return try Binder.weightsByAmount(call)
      ? .weighted(leaf(.resolutionDaysAmount), leaf(.resolvedAmount)) : .weighted(leaf(.resolutionDays), leaf(.disputesResolved))
  }

  /// The auto-match rate by count of receipts (default) or by amount (kpi-spec §8.2).
  func autoMatchVariant(_ call: MetricCall) throws -> MetricTree {
    let leaf = Binder.windowLeaf
    return try Binder.weightsByAmount(call)
      ? .binary(.divide, leaf(.autoMatchedAmount), leaf(.collected)) : .binary(.divide, leaf(.autoMatched), leaf(.receipts))
  }

  /// DSO linked to disputes (kpi-spec §8.1): disputed / sales × N (standard), or the countback
  /// DSO × disputed / AR.
  func disputeDsoVariant(_ call: MetricCall) throws -> MetricTree {
    var countback = false
    var zeroMonth = CountbackZeroMonth.cross
    for argument in call.arguments {
      let word = Binder.word(argument.value)
      switch (argument.name.name, word) {
      case ("method", "standard"), ("method", "ratio"): countback = false
      case ("method", "countback"), ("method", "exhaustion"): countback = true
      case ("zero_month", _):
        guard let policy = CountbackZeroMonth(rawValue: word) else {
          throw EngineError(.invalidArgument, "zero_month is cross or stop", at: argument.name.range)
        }
        zeroMonth = policy
      default:
        throw EngineError(.invalidArgument, "dispute_dso takes method: standard|countback, zero_month: cross|stop (countback)",
                          at: argument.name.range)
      }
    }
    guard countback else {
      if zeroMonth == .stop { throw EngineError(.invalidArgument, "zero_month applies to the countback method", at: call.range) }
      return BuiltinMetric.disputeDso.expansion ?? .number(0)
    }
    func leaf(_ m: BuiltinMetric) -> MetricTree { .leaf(MetricLeaf(metric: m, filter: nil, aging: nil)) }
    return .binary(.multiply, BuiltinMetric.countback(.balance, zeroMonth), .binary(.divide, leaf(.disputedAmount), leaf(.balance)))
  }
}
