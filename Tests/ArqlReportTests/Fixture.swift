import ArqlEngine
import ArqlLedger

/// Fixed result tables for the renderer tests.
enum Fixture {
  struct Unknown: Error { let name: String }

  static let q1 = DateRange(first: Day.parseISO("2025-01-01") ?? 0, last: Day.parseISO("2025-03-31") ?? 0)
  static let asOf = Day.parseISO("2025-03-31") ?? 0

  /// Three divisions, one metric of every unit, a negative amount, n/a, a flag and a note.
  static var byDivision: ResultTable {
    var t = ResultTable(columns: [
      ResultTable.Column(name: "division", role: .dimension, values: [.text("East"), .text("North"), .text("South, \"big\"")]),
      ResultTable.Column(name: "balance", role: .metric, unit: .money, values: [.money(15_754_046), .money(-123_450), .money(17_328_387)]),
      ResultTable.Column(name: "dso", role: .metric, unit: .days, values: [.number(68.6234), .null, .number(70.7)]),
      ResultTable.Column(name: "overdue_share", role: .metric, unit: .ratio, values: [.number(0.33237), .number(0.28), .number(0.385)]),
      ResultTable.Column(name: "open_count", role: .metric, unit: .count, values: [.integer(78), .integer(59), .integer(1_104)]),
      ResultTable.Column(name: "payment_class", role: .metric, unit: .text, values: [.text("amber"), .text("green"), .text("red")]),
    ], window: q1, asOf: asOf, asOfSource: "latest posting date", notes: ["a note"])
    t.flags = ["NO_SALES": "no net sales in the window: the DSO ratio is n/a",
               "MISSING_DUE_DATE": "1 document without a due date: due = document date + payment terms"]
    t.columns[2].cellFlags = [1: ["NO_SALES"]]
    return t
  }

  /// An aged balance by division.
  static var aging: ResultTable {
    let buckets = ["current", "1_30", "31_60", "61_90", "91_120", "over_120", "unapplied", "total"]
    let rows: [[Int64]] = [
      [11_594_094, 2_745_685, 464_163, 291_554, 14_440, 2_240_218, -1_596_108, 15_754_046],
      [9_091_814, 1_691_968, 10_594, 234_830, 124_952, 1_469_988, -1_723_208, 10_900_938],
    ]
    var table = ResultTable(columns: [ResultTable.Column(name: "division", role: .dimension, values: [.text("East"), .text("North")])]
      + buckets.enumerated().map { i, b in
        ResultTable.Column(name: "aged_balance_\(b)", role: .metric, unit: .money, values: rows.map { .money($0[i]) })
      }, window: nil, asOf: asOf, asOfSource: "as of clause")
    table.agingMetric = "aged_balance"
    return table
  }

  /// Cash collected per month and division, one month missing for North.
  static var series: ResultTable {
    let months = ["2025-01", "2025-02", "2025-03", "2025-04", "2025-05", "2025-06"]
    let east: [Int64] = [12_000_00, 15_500_00, 9_800_00, 14_100_00, 17_900_00, 16_000_00]
    let north: [Int64?] = [8_000_00, 7_200_00, nil, 9_900_00, 11_000_00, 10_400_00]
    var month: [ResultValue] = []
    var division: [ResultValue] = []
    var collected: [ResultValue] = []
    for (i, m) in months.enumerated() {
      month += [.text(m), .text(m)]
      division += [.text("East"), .text("North")]
      collected += [.money(east[i]), north[i].map { .money($0) } ?? .null]
    }
    return ResultTable(columns: [
      ResultTable.Column(name: "month", role: .dimension, values: month),
      ResultTable.Column(name: "division", role: .dimension, values: division),
      ResultTable.Column(name: "collected", role: .metric, unit: .money, values: collected),
    ], window: DateRange(first: Day.parseISO("2025-01-01") ?? 0, last: Day.parseISO("2025-06-30") ?? 0), asOf: Day.parseISO("2025-06-30") ?? 0,
       asOfSource: "latest posting date")
  }

  /// Payment delays with their colour class.
  static var classes: ResultTable {
    ResultTable(columns: [
      ResultTable.Column(name: "customer", role: .dimension, values: [.text("C1"), .text("C2"), .text("C3")]),
      ResultTable.Column(name: "payment_class", role: .metric, unit: .text, values: [.text("amber"), .text("red"), .text("green")]),
      ResultTable.Column(name: "payment_delay", role: .metric, unit: .days, values: [.number(14.11), .number(47.88), .number(10)]),
    ], window: q1, asOf: asOf, asOfSource: "as of clause")
  }
}
