import ArqlLanguage
import ArqlLedger
import ArqlSupport

extension QueryEngine {
  /// `list METRICS [where ...] [as of D] [order by ...] [top N | limit N]`: the open items
  /// behind the amounts of a query at its as-of date, one row each (issue #18 item 10). Each
  /// item's amount is what it adds to each metric, computed by the same kernels grouped by
  /// `item`, so the rows add up to the ungrouped total to the cent; items that add nothing to
  /// any of the metrics are not listed. Beside them: the customer and name, the type, the
  /// document and due dates, the days past due, the open dispute and the last promise to pay.
  func list(_ q: Query) throws -> ResultTable {
    if connection != nil {
      throw EngineError(.unsupported, "list reads the items of the loaded ledger: on an SQL engine it does not compile to SQL yet", at: q.range,
                        notes: ["open the ledger itself (arql LEDGER) to list its items"])
    }
    let bound = try bindList(q)
    let executor = Executor(ledger: ledger, attributes: attributes, calendar: Calendar(settings: calendarSettings),
                            parameters: parameters, dimensions: dimensions, cache: sessionCache, cancellation: cancellation)
    let totals = try Assembler(executor: executor, query: bound).table()
    // A promise is judged with the promise metrics' default grace.
    let grace = Int32(ArgumentSpec.grace.defaultValue) ?? 0
    var table = ItemListing(ledger: ledger, items: attributes.items, asOf: bound.asOf, promiseState: { row in
      executor.promiseState(row, grace: grace, asOf: bound.asOf)
    }).table(from: totals)
    try ItemListing.arrange(&table, clauses: q.clauses, range: q.range)
    return table
  }

  /// A `list` query checked (E045 for what does not list) and bound grouped by `item`, without
  /// its ordering and ranking, which apply to the listed rows. `arql check` calls it too.
  func bindList(_ q: Query) throws -> BoundQuery {
    let c = q.clauses
    for (given, what) in [(c.by != nil, "by"), (c.window != nil, "a time window"), (c.comparison != nil, "vs"), (c.trend, "trend"),
                          (c.pivot != nil, "pivot"), (c.ranking?.per != nil, "top ... per")] where given {
      throw EngineError(.invalidArgument, "list shows one row per open item at the as-of date: it takes no \(what)", at: q.range,
                        notes: ["write the totals without list (balance by division), then list the items behind one of them: "
                                  + "list balance where division = 'North'"])
    }
    var grouped = q
    grouped.clauses.by = [.dimension(Identifier("item", range: q.range), grain: nil)]
    (grouped.clauses.ranking, grouped.clauses.order, grouped.clauses.limit) = (nil, nil, nil)
    let bound = try binder.bind(grouped)
    for item in bound.items where !item.tree.isPointInTime {
      throw EngineError(.invalidArgument, "list shows the open items behind an amount at a date; '\(item.name)' is measured over a window",
                        at: q.range, notes: ["amounts that list: balance, overdue, not_due, gross_open, unapplied, disputed_amount, aged balance, "
                                               + "ht_open, provision, and metrics defined on them (overdue where days_past_due > 90)"])
    }
    // The columns `order by` may name, so `arql check` finds a wrong one as `run` does.
    var names = ["item"] + ItemListing.leading + ItemListing.trailing
    for item in bound.items { names += item.aging == nil ? [item.name] : ["bucket", item.name, item.name + "_total"] }
    for case .name(let id) in (c.order ?? []).map(\.key) where !names.contains(id.name) {
      throw EngineError(.unknownDimension, "order by '\(id.name)': no such column in the list", at: id.range,
                        label: DidYouMean.suggestion(for: id.name, among: names).map { "did you mean '\($0)'?" },
                        notes: ["columns: " + names.joined(separator: ", ")])
    }
    return bound
  }
}
