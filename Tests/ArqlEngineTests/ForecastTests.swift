import ArqlLanguage
import Foundation
import ArqlLedger
import Testing
@testable import ArqlEngine

/// The collection forecast of kpi-spec §7.1 on the mini-ledger, its naive baseline, its
/// drill-down and its backtest.
@Suite("Collection forecast (kpi-spec §7)")
struct ForecastTests {
  let f = EngineFixture()
  let d = " as of 2025-03-31"

  @Test("§7.1 worked example: April 11,000, May 9,000, late vs forecast 6,500; total 26,500; unapplied −1,500")
  func workedExample() throws {
    #expect(try f.column("forecast by month next 3 months" + d, "forecast") == ["11000.00", "9000.00", "0.00"])
    #expect(try f.value("forecast_late" + d) == "6500.00")
    #expect(try f.value("forecast_excluded" + d) == "0.00")
    let table = try f.run("forecast by month next 3 months" + d)
    #expect(table.notes.contains("forecast lines: in the horizon 20000.00 + beyond it 0.00 + late vs forecast 6500.00 + excluded (legal) 0.00"
      + " = gross open 26500.00; unapplied cash and credits -1500.00 may reduce receipts"))
    // By division: North gets I6, I7, I9 in April and I10 in May; South I8 in May.
    #expect(try f.column("forecast by month next 2 months by division" + d, "forecast") == ["11000.00", "0.00", "2000.00", "7000.00"])
  }

  @Test("the lines always make up the gross open amount, for every method and filter", arguments: [
    "forecast", "forecast(method: due)", "forecast(roll_forward: yes)",
  ])
  func identity(metric: String) throws {
    for query in [metric + " next 13 weeks" + d, metric + " next 2 weeks where division = 'North'" + d, metric + " next 1 day" + d] {
      let note = try #require(try f.run(query).notes.first { $0.contains("forecast lines") })
      let numbers = note.split(separator: " ").compactMap { Double($0.trimmingCharacters(in: CharacterSet(charactersIn: ";"))) }
      #expect(numbers.count == 6, "\(note)")
      #expect(abs(numbers[0] + numbers[1] + numbers[2] + numbers[3] - numbers[4]) < 0.001, "\(query): \(note)")
    }
  }

  @Test("the naive method dates every item at its due date: April 18,000, late 8,500 (= overdue)")
  func naive() throws {
    #expect(try f.column("forecast(method: due) as f by month next 2 months" + d, "f") == ["18000.00", "0.00"])
    #expect(try f.value("forecast_late(method: due)" + d) == "8500.00")
    #expect(try f.value("overdue" + d) == "8500.00")
  }

  @Test("roll_forward puts the late items into the first days: April 11,000 + 6,500; nothing late")
  func rollForward() throws {
    #expect(try f.column("forecast(roll_forward: yes) as f by month next 2 months" + d, "f") == ["17500.00", "9000.00"])
    #expect(try f.value("forecast_late(roll_forward: yes)" + d) == "0.00")
  }

  @Test("explain forecast shows each item's expected date and the rule that chose it")
  func drillDown() throws {
    let parsed = Parser.parse("explain forecast by month next 3 months" + d, context: f.engine.parserContext).script
    guard let statement = parsed.statements.first, case .message(let text) = try f.engine.execute(statement) else {
      Issue.record("no explanation")
      return
    }
    #expect(text.contains("I7 C1 2000.00 due 2025-03-17 → 2025-04-04: promise to pay P4"))
    #expect(text.contains("I6 C3 6000.00 due 2025-04-06 → 2025-04-16: due + customer's delay (+10 days)"))
    #expect(text.contains("I8 C2 7000.00 due 2025-04-04 → 2025-05-01: due + customer's delay (+27 days)"))
    #expect(text.contains("I10 C1 2000.00 due 2025-04-27 → 2025-05-11: due + customer's delay (+14 days)"))
    #expect(text.contains("I2 C2 2500.00 due 2025-01-09 → 2025-02-15 (late vs forecast): dispute"))
    #expect(text.contains("I5 C2 4000.00 due 2025-02-24 → 2025-03-23 (late vs forecast)"))
  }

  @Test("a horizon that is not ahead, too long, or a misspelt method is a clear error")
  func errors() throws {
    #expect(f.error("forecast by month last 3 months" + d).contains("a forecast looks ahead"))
    #expect(f.error("forecast next 500 weeks" + d).contains("a forecast horizon is at most 3 years"))
    #expect(f.error("forecast(method: behavour) next 5 weeks" + d).contains("method is behaviour (default), due, cohort or buckets"))
    #expect(f.error("backtest forecast next 4 weeks").contains("a backtest needs a past as-of date"))
    #expect(f.error("backtest balance next 4 weeks as of 2025-02-28").contains("its metrics are forecast"))
  }

  /// C1 paid three invoices exactly 10 days late in January; at 2025-02-28, I4 (due 03-05)
  /// and I5 (due 03-25) are open and are paid on 03-14 and 04-03; I6 is posted later.
  static let history: Ledger? = try? LedgerLoader.load(directory: EngineFixture.folder("backtest", [
    "invoices.csv": "invoice_id,customer_id,doc_date,due_date,amount\nI1,C1,2024-12-01,2025-01-01,100.00\nI2,C1,2024-12-05,2025-01-05,100.00\n"
      + "I3,C1,2024-12-10,2025-01-10,100.00\nI4,C1,2025-02-03,2025-03-05,1000.00\nI5,C1,2025-02-23,2025-03-25,500.00\n"
      + "I6,C1,2025-04-10,2025-05-10,900.00\n",
    "payments.csv": "payment_id,customer_id,payment_date,amount,invoice_id\nP1,C1,2025-01-11,100.00,I1\nP2,C1,2025-01-15,100.00,I2\n"
      + "P3,C1,2025-01-20,100.00,I3\nP4,C1,2025-03-14,1000.00,I4\nP5,C1,2025-04-03,500.00,I5\n",
  ])).0

  @Test("backtest at 2025-02-28: behaviour (due + 10 days) 100 % accurate, the naive baseline 33.3 %")
  func backtest() throws {
    let f = EngineFixture(try #require(Self.history))
    let table = try f.run("backtest forecast by month next 2 months as of 2025-02-28")
    #expect(table.columns.map(\.name) == ["month", "actual", "forecast", "forecast_error", "naive_due_dates", "naive_due_dates_error"])
    #expect(table.column("actual")?.values == [.money(100_000), .money(50_000)])
    #expect(table.column("forecast")?.values == [.money(100_000), .money(50_000)])
    #expect(table.column("naive_due_dates")?.values == [.money(150_000), .money(0)])
    #expect(table.column("naive_due_dates_error")?.values == [.money(50_000), .money(-50_000)])
    #expect(table.notes.contains("forecast: accuracy 100.0 %, MAPE 0.0 % (forecast 1500.00, actual 1500.00)"))
    // |1,000 − 1,500| + |500 − 0| = 1,000 of 1,500 forecast; MAPE (0.5 + 1) / 2.
    #expect(table.notes.contains("naive_due_dates: accuracy 33.3 %, MAPE 75.0 % (forecast 1500.00, actual 1500.00)"))
  }

  @Test("§7.2 cohort method: April = 3,473.68 + 5,351.85 + 2,000 + 2,500 = 13,325.54; by month only")
  func cohort() throws {
    let months = try f.column("forecast(method: cohort) as f by month next 3 months" + d, "f")
    #expect(months.first == "13325.54")
    // May: Mar (F̄(2) − F̄(1)) 12,000 × 0.4698 + Feb (F̄(3) − F̄(2)) 11,000 × 0.0741 + Jan (1 − 0.8333) 12,000.
    let march: Double = 12_000 * (20_500.0 / 27_000 - 11_000.0 / 38_000)
    let february: Double = 11_000 * (12_500.0 / 15_000 - 20_500.0 / 27_000)
    let january: Double = 12_000 * (1 - 12_500.0 / 15_000)
    #expect(months.dropFirst().first == String(format: "%.2f", march + february + january))
    #expect(f.error("forecast(method: cohort) by week next 3 weeks" + d).contains("the cohort method forecasts by month"))
    // Mid-month (2025-03-15), the rest of March is forecast too: Feb 11,000 × F̄(1) 8,000/27,000 +
    // Jan 12,000 × (F̄(2) 12,500/15,000 − 8,000/12,000) + Dec 9,000 × (1 − 6,500/9,000) = 7,759.26.
    #expect(try f.column("forecast(method: cohort) as f by month next 1 month as of 2025-03-15", "f").first == "7759.26")
  }

  @Test("§7.3 buckets method: 18,000 × 0.85 + 2,000 × 0.60 + 4,000 × 0.45 + 2,500 × 0.30 = 19,050 with the spec's rates")
  func bucketsWithRates() throws {
    #expect(try f.value("forecast(method: buckets, horizon: 30, rates: [85, 60, 45, 30, 10])" + d) == "19050.00")
    #expect(f.error("forecast(method: buckets, rates: [85, 60])" + d).contains("rates are 5 percentages"))
    #expect(f.error("forecast(method: buckets, rates: [85, 60, 45, 30, 10]) by month next 3 months" + d).contains("rates hold for one horizon"))
    #expect(f.error("forecast(horizon: 30)" + d).contains("horizon is an argument of the buckets method"))
  }

  @Test("buckets method with measured rates: current 1,300 of 1,800 paid within 30 days of past month ends → 900 × 13/18 = 650")
  func bucketsMeasured() throws {
    let f = EngineFixture(try #require(Self.history))
    #expect(try f.value("forecast(method: buckets) as of 2025-04-30") == "650.00")
    // By month, each bucket is the difference of two horizons: May is p(31) − p(0), the same
    // 1,300 of 1,800 (the February and December month ends have 31 days behind them).
    let months = try f.column("forecast(method: buckets) as b by month next 2 months as of 2025-04-30", "b")
    #expect(months.first == "650.00")
  }

  @Test("BacktestScore: accuracy and MAPE from the cents of each bucket")
  func score() {
    let s = BacktestScore(actual: [100, 0, 300], forecast: [200, 100, 300])
    #expect(s.accuracy == 1 - 200.0 / 600.0)
    #expect(s.mape == 0.5)
    #expect(BacktestScore(actual: [0], forecast: [0]).accuracy == nil)
  }
}

/// The late vs forecast and excluded lines beside a forecast's bars.
@Suite("Forecast memo lines")
struct ForecastMemoTests {
  @Test("a single forecast series carries its late and excluded lines; a grouped one does not")
  func memo() throws {
    let f = EngineFixture()
    let table = try f.run("forecast by month next 2 months as of 2025-03-31")
    #expect(table.memo == [ResultTable.MemoLine(label: "late vs forecast", value: .money(650_000))])
    #expect(try f.run("forecast by month next 2 months by division as of 2025-03-31").memo.isEmpty)
  }
}

/// A promise dates only what it covers: the rest of the item follows the delay rule.
@Suite("Forecast of a partial promise")
struct PartialPromiseTests {
  /// I1 1,000.00 due 2025-02-01, nobody has paid anything (delay 0); P1 promises 400.00 for
  /// 2025-04-10, made on 2025-03-20.
  static let ledger: Ledger? = try? LedgerLoader.load(directory: EngineFixture.folder("partial-promise", [
    "invoices.csv": "invoice_id,customer_id,doc_date,due_date,amount\nI1,C1,2025-01-01,2025-02-01,1000.00\n",
    "promises.csv": "promise_id,customer_id,invoice_id,amount,promised_date,created\nP1,C1,I1,400.00,2025-04-10,2025-03-20\n",
  ])).0

  @Test("400.00 at the promised date, the other 600.00 late vs forecast at due + delay; the lines still make up 1,000.00")
  func partial() throws {
    let f = EngineFixture(try #require(Self.ledger))
    #expect(try f.value("forecast next 30 days as of 2025-03-31") == "400.00")
    #expect(try f.value("forecast_late as of 2025-03-31") == "600.00")
    let table = try f.run("forecast next 30 days as of 2025-03-31")
    #expect(table.notes.contains { $0.contains("in the horizon 400.00 + beyond it 0.00 + late vs forecast 600.00 + excluded (legal) 0.00 = gross open 1000.00") })
    let parsed = Parser.parse("explain forecast next 30 days as of 2025-03-31", context: f.engine.parserContext).script
    guard let statement = parsed.statements.first, case .message(let text) = try f.engine.execute(statement) else {
      Issue.record("no explanation")
      return
    }
    #expect(text.contains("I1 C1 1000.00 due 2025-02-01 → 2025-04-10: promise to pay P1 for 400.00; the rest 600.00 → 2025-02-01 (+0 days)"))
  }
}
