import ArqlLanguage
import ArqlSupport

extension Binder {
  /// Checks that every column a condition names exists (a ledger column, a context attribute
  /// such as `days_past_due`, or a `define dimension`), at bind time: `arql check` and the
  /// REPL report `where divisoin = 'North'` with a did-you-mean before anything runs.
  func checkColumns(_ e: BoolExpr) throws {
    switch e {
    case .or(let parts), .and(let parts): try parts.forEach(checkColumns)
    case .not(let inner): try checkColumns(inner)
    case .compare(let a, _, let b):
      try checkColumns(a)
      try checkColumns(b)
    case .inList(let v, let items, _):
      try checkColumns(v)
      try items.forEach(checkColumns)
    case .between(let a, let b, let c, _): try [a, b, c].forEach(checkColumns)
    case .like(let v, _, _), .isNull(let v, _), .truth(let v): try checkColumns(v)
    }
  }

  func checkColumns(_ e: ValueExpr) throws {
    switch e {
    case .literal, .parameter: return
    case .column(let id):
      guard !attributeNames.contains(id.name), dimensions[id.name] == nil else { return }
      // A metric in `where` (`where overdue > 5000`): the user means a condition on the groups.
      if catalog.metric(id.name) != nil {
        throw EngineError(.unknownDimension, "'\(id.name)' is a metric, not a column: where keeps rows, having keeps groups", at: id.range,
                          label: "a metric's value is known per group", notes: [
                            "name it among the metrics and put the condition after the groups: balance, \(id.name) by customer having \(id.name) > 5000",
                            "where takes the columns of the rows ('.dims' lists them); having takes the query's metrics",
                          ])
      }
      let candidates = attributeNames + Array(dimensions.keys)
      throw EngineError(.unknownDimension, "unknown column '\(id.name)'", at: id.range,
                        label: DidYouMean.suggestion(for: id.name, among: candidates).map { "did you mean '\($0)'?" },
                        notes: ["'.dims' lists the columns and dimensions"])
    case .call(_, let args): try args.forEach(checkColumns)
    case .caseWhen(let branches, let otherwise):
      for branch in branches {
        try checkColumns(branch.condition)
        try checkColumns(branch.value)
      }
      if let otherwise { try checkColumns(otherwise) }
    case .negate(let inner): try checkColumns(inner)
    case .binary(_, let a, let b):
      try checkColumns(a)
      try checkColumns(b)
    }
  }
}
