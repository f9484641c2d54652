import ArqlLedger

extension Executor {
  /// exposures.csv at D: discounted bills, open orders, delivered not invoiced (kpi-spec §6.3).
  func exposureSum(_ kind: ExposureTable.Kind, _ context: EvaluationContext, _ masks: [[Bool]?], _ rowGroups: [ColumnArray<Int32>],
                   _ groupCount: Int) -> [Int64]
  {
    var acc = [Int64](repeating: 0, count: groupCount)
    let e = ledger.exposures
    let mask = masks[Universe.exposures.rawValue]
    let groups = rowGroups[Universe.exposures.rawValue]
    for row in 0..<e.count where (mask?[row] ?? true) && e.kind[row] == kind && e.date[row] <= context.asOf {
      acc[Int(groups[row])] &+= e.amount[row]
    }
    return acc
  }
}
