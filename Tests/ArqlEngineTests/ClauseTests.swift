import Foundation
import ArqlEngine
import ArqlLanguage
import ArqlLedger
import Testing

@Suite("Clauses, definitions and errors on the mini-ledger")
struct ClauseTests {
  let f = EngineFixture()

  @Test("vs previous quarter: point-in-time metrics at the two as-of dates, change and change %")
  func comparison() throws {
    let q = "balance by customer as of 2025-03-31 vs previous quarter"
    #expect(try f.column(q, "balance_prev") == ["6000.00", "4000.00", "5000.00"])
    #expect(try f.column(q, "balance_change") == ["-3000.00", "9000.00", "4000.00"])
    #expect(try f.column(q, "balance_change_pct") == ["-0.5000", "2.2500", "0.8000"])
    // Window metrics compare the windows; a previous value of 0 gives n/a, not a division by zero.
    let s = "credit_sales in 2025-Q1 vs previous period"
    #expect(try f.value(s, "credit_sales") == "34000.00")
    #expect(try f.value(s, "credit_sales_prev") == "15000.00")  // Q4 2024: I1 6 000 + I2 4 000 + I3 5 000
    #expect(try f.value("credit_sales in 2024-Q4 vs previous period", "credit_sales_change_pct") == "n/a")
  }

  @Test("a metric in where is a condition on groups: the error says so and gives the having form, which runs (issue #18 item 10)")
  func metricInWhere() throws {
    #expect(f.error("balance by customer where overdue > 5000").contains("'overdue' is a metric, not a column"))
    do {
      _ = try f.run("balance by customer where overdue > 5000")
    } catch let error as EngineError {
      #expect(error.diagnostic.notes.contains { $0.contains("balance, overdue by customer having overdue > 5000") })
    }
    let table = try f.run("balance, overdue by customer having overdue > 5000 as of 2025-03-31")
    #expect(table.rowCount == 1)  // C2, overdue 6 500.00
  }

  @Test("trend: a calendar spine with the change against the previous bucket")
  func trend() throws {
    let q = "credit_sales trend from 2024-10-01 to 2025-03-31"
    #expect(try f.column(q, "month") == ["2024-10", "2024-11", "2024-12", "2025-01", "2025-02", "2025-03"])
    #expect(try f.column(q, "credit_sales") == ["0.00", "6000.00", "9000.00", "12000.00", "10000.00", "12000.00"])
    #expect(try f.column(q, "credit_sales_trend_change") == ["n/a", "6000.00", "3000.00", "3000.00", "-2000.00", "2000.00"])
  }

  @Test("having, order by, top per, bottom, limit")
  func ranking() throws {
    #expect(try f.column("balance by customer having balance > 10000 as of 2025-03-31", "customer") == ["C2"])
    #expect(try f.column("balance by customer order by balance as of 2025-03-31", "customer") == ["C1", "C3", "C2"])
    #expect(try f.column("balance by customer order by 2 desc limit 2 as of 2025-03-31", "customer") == ["C2", "C3"])
    #expect(try f.column("balance by customer bottom 1 as of 2025-03-31", "customer") == ["C1"])
    let per = "balance by division, customer top 1 per division as of 2025-03-31"
    #expect(try f.column(per, "division") == ["North", "South"])
    #expect(try f.column(per, "customer") == ["C3", "C2"])
  }

  @Test("pivot by a dimension and by a grain")
  func pivot() throws {
    let t = try f.run("balance by division, month from 2025-01-01 to 2025-03-31 as of 2025-03-31 pivot by month")
    #expect(t.columns.map(\.name) == ["division", "2025-01", "2025-02", "2025-03"])
    #expect(t.column("2025-03")?.values == [.money(1_200_000), .money(1_300_000)])
  }

  @Test("where on dimensions, numbers, dates and flags; filtered metrics")
  func filters() throws {
    #expect(try f.value("overdue where division = 'South' as of 2025-03-31") == "6500.00")
    #expect(try f.value("overdue where days_past_due > 30 as of 2025-03-31") == "6500.00")
    #expect(try f.value("overdue where days_past_due between 1 and 30 as of 2025-03-31") == "2000.00")
    #expect(try f.value("overdue where not disputed as of 2025-03-31") == "6000.00")
    #expect(try f.value("gross_open where due_date < 2025-04-01 as of 2025-03-31") == "8500.00")
    #expect(try f.value("gross_open where customer in ('C1', 'C3') as of 2025-03-31") == "13000.00")
    #expect(try f.value("gross_open where category like 'Ret%' as of 2025-03-31") == "13000.00")
    #expect(try f.value("gross_open where amount >= 6000.00 as of 2025-03-31") == "13000.00")  // I6, I8
    #expect(try f.value("(overdue where days_past_due > 60) / overdue as severe as of 2025-03-31") == "0.2941")
    #expect(try f.value("balance where division = 'North' as of 2025-03-31") == "12000.00")  // CN1 with C1 counts
  }

  @Test("define metric, dimension and query; run with extra clauses; let and param")
  func definitions() throws {
    let t = try f.run("""
      define metric severe = overdue where days_past_due > 60 'More than 60 days late'
      define metric late_share = overdue / gross_open format percent
      severe, late_share as of 2025-03-31
      """)
    #expect(t.column("severe")?.values == [.money(250_000)])
    #expect(t.column("late_share")?.unit == .percent)
    let d = try f.run("define dimension size = case when amount > 5000 then 'large' else 'small' end\ngross_open by size as of 2025-03-31")
    #expect(d.column("size")?.values == [.text("large"), .text("small")])
    #expect(d.column("gross_open")?.values == [.money(1_300_000), .money(1_350_000)])
    let r = try f.run("define query south = balance where division = 'South'\nrun south as of 2024-12-31")
    #expect(r.column("balance")?.values == [.money(400_000)])
    let p = try f.run("param div: text = 'North'\nlet cutoff = 2025-03-31\nbalance where division = $div as of $cutoff")
    #expect(p.column("balance")?.values == [.money(1_200_000)])
    let w = try f.run("let q = in 2025-Q1\ncollected in $q")
    #expect(w.column("collected")?.values == [.money(2_400_000)])
  }

  @Test("set as_of and fiscal_year_start")
  func settings() throws {
    #expect(try f.value("set as_of = 2025-02-28\nbalance") == "16500.00")
    let fiscal = try f.run("set fiscal_year_start = 10\ncredit_sales in FY2025")
    #expect(fiscal.window?.description == "2024-10-01..2025-09-30")
  }

  @Test("errors carry a code and a location", arguments: [
    ("balance by divison", DiagnosticCode.unknownDimension),
    ("balance where $nope = 1", .unknownParameter),
    ("run nothing", .unknownQuery),
    ("aged_balance(buckets: [60, 30])", .invalidArgument),
    ("balance(window: 3)", .invalidArgument),
    ("aged_balance + balance", .unsupported),
    ("balance where division > 3", .typeMismatch),
    ("balance where amount", .typeMismatch),
    ("balance from 2025-03-01 to 2025-01-01", .invalidWindow),
    ("set colour = 'red'", .unknownWord),
    ("balance order by nothing", .unknownDimension),
  ])
  func errors(text: String, code: DiagnosticCode) throws {
    do {
      _ = try f.run(text)
      Issue.record("expected \(code)")
    } catch let error as EngineError {
      #expect(error.diagnostic.code == code, "\(error.diagnostic.message)")
    }
  }

  @Test("an unknown dimension points at it, suggests, and lists the available ones")
  func unknownDimension() throws {
    do {
      _ = try f.run("balance by divison")
    } catch let error as EngineError {
      #expect(error.diagnostic.label == "did you mean 'division'?")
      #expect(error.diagnostic.range.start.column == 12)
      #expect(error.diagnostic.notes.first?.contains("category") == true)
    }
  }

  @Test("explain shows formulas, the resolved window and as-of; explain plan the steps")
  func explain() throws {
    let script = Parser.parse("explain credit_sales by division last 90 days where division = 'North'", context: f.engine.parserContext).script
    guard case .message(let text) = try f.engine.execute(script.statements[0]) else { return }
    #expect(text.contains("metric credit_sales (money, window): Sales(W) = Σ amount of invoices and debit notes − credit notes posted in W"))
    #expect(text.contains("window: 2024-12-31..2025-03-30 (90 days)"))
    #expect(text.contains("as of: 2025-03-30 (latest posting date)"))
    #expect(text.contains("where: division = 'North'"))
    let plan = Parser.parse("explain plan balance by division", context: f.engine.parserContext).script
    guard case .message(let p) = try f.engine.execute(plan.statements[0]) else { return }
    #expect(p.contains("evaluate 1 context\n"))
    #expect(p.contains("group: division as dense codes, computed once"))
    #expect(p.contains("kernel: balance"))
    // The plan that runs: fusion of a grain's contexts, the kernels of a ratio, a pushed top N,
    // customer pairs, and a grouping that reads the date.
    func planText(_ text: String) throws -> String {
      let parsed = Parser.parse("explain plan " + text, context: f.engine.parserContext).script
      guard let statement = parsed.statements.first, case .message(let p) = try f.engine.execute(statement) else { return "" }
      return p
    }
    let series = try planText("balance, dso by month last 3 months")
    #expect(series.contains("evaluate 3 contexts fused into one pass over the bucket ends"))
    #expect(series.contains("kernel: balance\n"))
    #expect(series.contains("kernel: credit_sales"))
    #expect(series.contains("as of 2024-12-31 to 2025-02-28, windows 2024-12-01..2024-12-31 to 2025-02-01..2025-02-28"))
    let top = try planText("overdue by customer top 2")
    #expect(top.contains("top 2 largest pushed into the evaluation"))
    let pairs = try planText("credit_overrun by division")
    #expect(pairs.contains("pairs: (group, customer) for the per-customer metrics"))
    #expect(pairs.contains("kernel: credit_limit (per customer)"))
    let dated = try planText("overdue by division, month where days_past_due > 30 last 2 months")
    #expect(dated.contains("per context (reads the evaluation date)"))
    #expect(!dated.contains("fused"))
    let cei = try planText("cei last 90 days")
    #expect(cei.contains("kernel: balance (the day before the window)"))
  }
}

@Suite("Cancellation")
struct CancellationTests {
  @Test("a query started with the flag set stops with E047, and the next one runs")
  func cancelled() throws {
    let f = EngineFixture()
    f.engine.cancellation.cancel()
    do {
      _ = try f.run("balance by month last 12 months")
      Issue.record("expected a cancellation")
    } catch let error as EngineError {
      #expect(error.diagnostic.code == .cancelled)
    }
    f.engine.cancellation.reset()
    #expect(try f.value("balance as of 2025-03-31") == "25000.00")
  }
}

@Suite("Result flags")
struct FlagTests {
  @Test("MISSING_DUE_DATE when due dates were defaulted and the metric depends on them")
  func missingDueDate() throws {
    let dir = NSTemporaryDirectory() + "arql-flags-" + UUID().uuidString
    try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
    try "invoice_id,customer_id,doc_date,amount\nI1,C1,2025-01-01,100.00\n".write(toFile: dir + "/invoices.csv", atomically: true, encoding: .utf8)
    let f = EngineFixture(try LedgerLoader.load(directory: dir).0)
    let overdue = try f.run("overdue as of 2025-03-31")
    #expect(overdue.flags["MISSING_DUE_DATE"] == "1 document without a due date: due = document date + payment terms")
    #expect(overdue.column("overdue")?.values == [.money(10_000)])  // due 2025-01-31 by the default 30 days
    #expect(try f.run("balance as of 2025-03-31").flags.isEmpty)
    #expect(try EngineFixture().run("overdue as of 2025-03-31").flags.isEmpty)
  }
}

@Suite("A result that is n/a says why")
struct NotApplicableNoteTests {
  let f = EngineFixture()

  @Test("a metric n/a in every row gets a note; a measured one gets none (issue #16)")
  func note() throws {
    let empty = try f.run("dispute_rate where reason = 'no such reason' in 2025-Q1")
    #expect(empty.column("dispute_rate")?.values == [.null])
    #expect(empty.notes.contains("n/a: dispute_rate has nothing to measure: what it divides by is 0 in the window under the filter "
      + "(no documents, cash or episodes it counts)"))
    let measured = try f.run("dbt in 2025-Q1")
    #expect(!measured.notes.contains { $0.hasPrefix("n/a:") })
  }
}

@Suite("File columns named like a built-in")
struct ShadowedColumnTests {
  @Test("a file column named like a built-in goes by NAME_file, and a query of the built-in says so (issue #16 item 8)")
  func fileColumnKeepsItsValues() throws {
    let dir = EngineFixture.folder("shadowed", [
      "invoices.csv": "invoice_id,customer_id,doc_date,amount,Disputed\nI1,C1,2025-01-10,100.00,yes\nI2,C1,2025-01-11,50.00,no\n",
    ])
    let (ledger, _) = try LedgerLoader.load(directory: dir)
    let f = EngineFixture(ledger)
    #expect(f.engine.columnNames.filter { $0 == "disputed" }.count == 1)
    #expect(f.engine.columnNames.contains("disputed_file"))
    #expect(try f.column("balance by disputed_file", "balance") == ["50.00", "100.00"])
    #expect(try f.column("balance by disputed_file", "disputed_file") == ["no", "yes"])
    let builtin = try f.run("balance by disputed")
    #expect(builtin.notes.contains("'disputed' is the built-in dimension; the file's column of that name is 'disputed_file'"))
  }
}

@Suite("top N with order by")
struct TopOrderTests {
  @Test("order by a metric with top N gives the N largest unless asc is written (issue #18 item 2: the E031 hint's query)")
  func largestFirst() throws {
    let f = EngineFixture(try #require(ShareSumOfPartsTests.demo))
    let hinted = try f.column("balance, overdue by customer order by overdue top 5", "overdue")
    #expect(hinted == (try f.column("overdue by customer top 5", "overdue")))
    #expect(hinted == (try f.column("balance, overdue by customer order by overdue desc top 5", "overdue")))
    let values = hinted.compactMap(Double.init)
    #expect(values == values.sorted(by: >) && values.count == 5 && (values.last ?? 0) > 0)
    let smallest = try f.column("balance, overdue by customer order by overdue asc top 2", "overdue")
    #expect(smallest == ["0.00", "0.00"])
    #expect(try f.column("balance by customer order by balance bottom 2", "balance").compactMap(Double.init) == (try f.column(
      "balance by customer bottom 2", "balance")).compactMap(Double.init))
  }
}

@Suite("A result all unallocated says why")
struct UnallocatedNoteTests {
  @Test("grouping by a dimension no measured row has gives one unallocated row and a note (issue #18 item 11)")
  func note() throws {
    let f = EngineFixture(try #require(ShareSumOfPartsTests.demo))
    let table = try f.run("promise_kept_rate by agent")
    #expect(table.column("agent")?.values == [.text("(unallocated)")])
    #expect(table.notes.contains { $0.hasPrefix("by agent: none of the rows these metrics read has a value for agent") })
    #expect(!(try f.run("balance by division")).notes.contains { $0.hasPrefix("by division:") })
  }
}

@Suite("Filter values no row has")
struct FilterValueWarningTests {
  @Test("a typo in a where value warns with a did-you-mean and flags UNKNOWN_VALUE (issue #18 item 3)")
  func typo() throws {
    let f = EngineFixture(try #require(ShareSumOfPartsTests.demo))
    let table = try f.run("balance where division = 'Nort'")
    #expect(table.notes.contains("warning: no division is 'Nort'; did you mean 'North'? (no row has this value)"))
    #expect(table.flags["UNKNOWN_VALUE"] != nil)
    #expect(try f.run("balance where customer = 'c000023'").notes.contains { $0.contains("did you mean 'C000023'?") })
    #expect(try f.run("balance where division in ('North', 'Sud')").notes.contains { $0.contains("no division is 'Sud'; did you mean 'South'?") })
    // A script parameter holding the typo.
    f.engine.parameters.values["div"] = .literal(.string("Nort"))
    #expect(try f.run("balance where division = $div").notes.contains { $0.contains("no division is 'Nort'") })
    // Values that exist give no warning.
    let fine = try f.run("balance where division = 'North'")
    #expect(fine.flags["UNKNOWN_VALUE"] == nil && !fine.notes.contains { $0.hasPrefix("warning:") })
  }
}

@Suite("Typed extra columns")
struct TypedExtraColumnTests {
  @Test("an extra column of numbers or ISO dates compares as one; codes with leading zeros stay labels (issue #16)")
  func typed() throws {
    let dir = EngineFixture.folder("typed-extras", [
      "invoices.csv": "invoice_id,customer_id,doc_date,amount,DaysLate,Region,Cleared\n"
        + "I1,C1,2025-01-10,100.00,5,01,2025-02-01\nI2,C1,2025-01-11,50.00,0,02,\nI3,C1,2025-01-12,70.00,-3,01,2025-02-03\n",
    ])
    let (ledger, _) = try LedgerLoader.load(directory: dir)
    let f = EngineFixture(ledger)
    #expect(try f.value("balance where dayslate > 0") == "100.00")
    #expect(try f.value("balance where dayslate <= 0") == "120.00")
    #expect(try f.value("balance where cleared >= 2025-02-02") == "70.00")
    #expect(try f.column("balance by region", "region") == ["01", "02"])
  }
}
