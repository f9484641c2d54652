/// A ledger's native tables as an SQL engine holds them (`arql export-sql`): resolved values
/// (canonical document types, due dates after defaults, references as ids), one CSV text per
/// table with a header, amounts as decimals with two places, dates ISO, no value as empty.
public struct EngineTable: Sendable {
  /// A column's SQL type family.
  public enum ColumnType: Sendable {
    case text, money, date, integer, boolean
  }

  public let name: String
  public let columns: [(name: String, type: ColumnType)]
  /// The rows as CSV (UTF-8, comma, header first).
  public let csv: [UInt8]
  public let rowCount: Int

  /// The tables the SQL generator reads: invoices, payments, customers, exposures, disputes,
  /// actions, surveys, promises.
  /// - Throws: `InvoiceTable.BadProvision` when a booked provision is not an amount.
  public static func tables(of ledger: Ledger) throws(InvoiceTable.BadProvision) -> [EngineTable] {
    let provisions: [Int64]?
    switch ledger.invoices.bookedProvisions() {
    case .success(let column): provisions = column
    case .failure(let bad): throw bad
    }
    return [invoices(ledger, provisions: provisions), payments(ledger), customers(ledger), exposures(ledger), disputes(ledger), actions(ledger), surveys(ledger),
     promises(ledger)]
  }

  private static func header(_ columns: [(name: String, type: ColumnType)]) -> CSVRowWriter {
    var writer = CSVRowWriter()
    for column in columns { writer.text(column.name) }
    writer.endRow()
    return writer
  }

  private static func text(_ writer: inout CSVRowWriter, _ value: String?) {
    if let value, !value.isEmpty { writer.text(value) } else { writer.empty() }
  }

  /// `provisions`: the booked provision of each document, when the file has them.
  private static func invoices(_ ledger: Ledger, provisions: [Int64]?) -> EngineTable {
    let t = ledger.invoices
    let customerIds = ledger.customers.id
    let columns: [(name: String, type: ColumnType)] = [
      ("invoice_id", .text), ("customer_id", .text), ("doc_type", .text), ("doc_date", .date), ("posting_date", .date),
      ("due_date", .date), ("due_date_defaulted", .boolean), ("amount", .money), ("currency", .text), ("amount_currency", .money),
      ("applies_to", .text), ("division", .text), ("sales_rep", .text), ("collector", .text), ("net_amount", .money), ("status", .text),
      ("booked_provision", .money),
    ]
    var w = header(columns)
    for r in 0..<t.count {
      text(&w, t.id[r])
      text(&w, t.customer[r] >= 0 ? customerIds[Int(t.customer[r])] : nil)
      w.text(t.docType[r].code)
      w.day(t.docDate[r])
      w.day(t.postingDate[r])
      w.day(t.dueDate[r])
      w.text(t.dueDateDefaulted[r] ? "true" : "false")
      w.money(t.amount[r])
      text(&w, t.currency[r])
      if let a = t.amountCurrency[r] { w.money(a) } else { w.empty() }
      text(&w, t.appliesTo[r] >= 0 ? t.id[Int(t.appliesTo[r])] : nil)
      text(&w, t.division[r])
      text(&w, t.salesRep[r])
      text(&w, t.collector[r])
      if let n = t.netAmount[r] { w.money(n) } else { w.empty() }
      text(&w, t.status[r])
      if let provisions { w.money(provisions[r]) } else { w.empty() }
      w.endRow()
    }
    return EngineTable(name: "invoices", columns: columns, csv: w.bytes, rowCount: t.count)
  }

  private static func payments(_ ledger: Ledger) -> EngineTable {
    let p = ledger.payments
    let columns: [(name: String, type: ColumnType)] = [
      ("payment_id", .text), ("customer_id", .text), ("payment_date", .date), ("amount", .money), ("invoice_id", .text),
      ("match_date", .date), ("match_method", .text), ("user", .text),
    ]
    var w = header(columns)
    for r in 0..<p.count {
      text(&w, p.paymentId[r])
      text(&w, p.customer[r] >= 0 ? ledger.customers.id[Int(p.customer[r])] : nil)
      w.day(p.paymentDate[r])
      w.money(p.amount[r])
      text(&w, p.invoice[r] >= 0 ? ledger.invoices.id[Int(p.invoice[r])] : nil)
      if let d = p.matchDate[r] { w.day(d) } else { w.empty() }
      text(&w, p.matchMethod[r])
      text(&w, p.user[r])
      w.endRow()
    }
    return EngineTable(name: "payments", columns: columns, csv: w.bytes, rowCount: p.count)
  }

  private static func customers(_ ledger: Ledger) -> EngineTable {
    let c = ledger.customers
    let columns: [(name: String, type: ColumnType)] = [
      ("customer_id", .text), ("name", .text), ("division", .text), ("sales_rep", .text), ("collector", .text), ("category", .text),
      ("country", .text), ("credit_limit", .money), ("payment_terms_days", .integer),
    ]
    var w = header(columns)
    for r in 0..<c.count {
      text(&w, c.id[r])
      text(&w, c.name[r])
      text(&w, c.division[r])
      text(&w, c.salesRep[r])
      text(&w, c.collector[r])
      text(&w, c.category[r])
      text(&w, c.country[r])
      if let limit = c.creditLimit[r] { w.money(limit) } else { w.empty() }
      if let days = c.paymentTermsDays[r] { w.int(Int(days)) } else { w.empty() }
      w.endRow()
    }
    return EngineTable(name: "customers", columns: columns, csv: w.bytes, rowCount: c.count)
  }

  private static func exposures(_ ledger: Ledger) -> EngineTable {
    let e = ledger.exposures
    let columns: [(name: String, type: ColumnType)] = [("customer_id", .text), ("kind", .text), ("amount", .money), ("date", .date)]
    var w = header(columns)
    for r in 0..<e.count {
      text(&w, e.customer[r] >= 0 ? ledger.customers.id[Int(e.customer[r])] : nil)
      w.text(e.kind[r].code)
      w.money(e.amount[r])
      w.day(e.date[r])
      w.endRow()
    }
    return EngineTable(name: "exposures", columns: columns, csv: w.bytes, rowCount: e.count)
  }

  /// Dispute episodes, with their order in the file (`dispute_row`): an invoice with several
  /// episodes open at a date takes the first one, as arql does.
  private static func disputes(_ ledger: Ledger) -> EngineTable {
    let d = ledger.disputes
    let columns: [(name: String, type: ColumnType)] = [
      ("dispute_id", .text), ("invoice_id", .text), ("opened", .date), ("resolved", .date), ("amount", .money), ("reason", .text),
      ("owner", .text), ("outcome", .text), ("dispute_row", .integer),
    ]
    var w = header(columns)
    for r in 0..<d.count {
      text(&w, d.id[r])
      text(&w, d.invoice[r] >= 0 ? ledger.invoices.id[Int(d.invoice[r])] : nil)
      w.day(d.opened[r])
      if let resolved = d.resolved[r] { w.day(resolved) } else { w.empty() }
      if let amount = d.amount[r] { w.money(amount) } else { w.empty() }
      text(&w, d.reason[r])
      text(&w, d.owner[r])
      text(&w, d.outcome[r])
      w.int(r)
      w.endRow()
    }
    return EngineTable(name: "disputes", columns: columns, csv: w.bytes, rowCount: d.count)
  }

  /// Collection actions, their columns named as queries name them.
  private static func actions(_ ledger: Ledger) -> EngineTable {
    let a = ledger.actions
    let columns: [(name: String, type: ColumnType)] = [
      ("action", .text), ("customer_id", .text), ("invoice_id", .text), ("agent", .text), ("action_type", .text), ("action_date", .date),
      ("action_outcome", .text),
    ]
    var w = header(columns)
    for r in 0..<a.count {
      text(&w, a.id[r])
      text(&w, a.customer[r] >= 0 ? ledger.customers.id[Int(a.customer[r])] : nil)
      text(&w, a.invoice[r] >= 0 ? ledger.invoices.id[Int(a.invoice[r])] : nil)
      text(&w, a.agent[r])
      text(&w, a.type[r])
      w.day(a.date[r])
      text(&w, a.outcome[r])
      w.endRow()
    }
    return EngineTable(name: "actions", columns: columns, csv: w.bytes, rowCount: a.count)
  }

  /// Satisfaction survey answers.
  private static func surveys(_ ledger: Ledger) -> EngineTable {
    let s = ledger.surveys
    let columns: [(name: String, type: ColumnType)] = [("customer_id", .text), ("agent", .text), ("survey_date", .date), ("score", .integer)]
    var w = header(columns)
    for r in 0..<s.count {
      text(&w, s.customer[r] >= 0 ? ledger.customers.id[Int(s.customer[r])] : nil)
      text(&w, s.agent[r])
      w.day(s.date[r])
      w.int(Int(s.score[r]))
      w.endRow()
    }
    return EngineTable(name: "surveys", columns: columns, csv: w.bytes, rowCount: s.count)
  }

  /// Promises to pay, with their order in the file (`promise_row`, their identity: ids may repeat).
  private static func promises(_ ledger: Ledger) -> EngineTable {
    let p = ledger.promises
    let columns: [(name: String, type: ColumnType)] = [
      ("promise", .text), ("customer_id", .text), ("invoice_id", .text), ("amount", .money), ("promised_date", .date),
      ("promise_created", .date), ("promise_status", .text), ("cancelled", .boolean), ("promise_row", .integer),
    ]
    var w = header(columns)
    for r in 0..<p.count {
      text(&w, p.id[r])
      text(&w, p.customer[r] >= 0 ? ledger.customers.id[Int(p.customer[r])] : nil)
      text(&w, p.invoice[r] >= 0 ? ledger.invoices.id[Int(p.invoice[r])] : nil)
      w.money(p.amount[r])
      w.day(p.promisedDate[r])
      w.day(p.created[r])
      text(&w, p.status[r])
      w.text(p.cancelled[r] ? "true" : "false")
      w.int(r)
      w.endRow()
    }
    return EngineTable(name: "promises", columns: columns, csv: w.bytes, rowCount: p.count)
  }
}
