import ArqlLanguage
import ArqlLedger
import Dispatch
import Foundation

/// Runs bound queries over a ledger: one pass per evaluation date over contiguous columns,
/// group keys as dense integer codes, exact Int64 sums.
final class Executor {
  /// The most rows a result may have (E049 beyond, issue #15): a result is held whole before it
  /// is written, and 5 million rows of a few columns is already about a gigabyte of cells.
  static let defaultRowLimit = 5_000_000
  /// The limit in force: `ARQL_ROW_LIMIT` when set to a positive number.
  static let rowLimit: Int = {
    guard let text = getenv("ARQL_ROW_LIMIT").map({ String(cString: $0) }), let n = Int(text), n > 0 else { return defaultRowLimit }
    return n
  }()

  let ledger: Ledger
  let attributes: LedgerAttributes
  let calendar: Calendar
  let parameters: Parameters
  let dimensions: [String: ValueExpr]
  let cancellation: CancellationFlag
  /// What earlier queries of the session computed over this ledger (snapshots, plans, flags).
  let cache: LedgerCache

  /// The provision booked on each document (invoices.csv's `provision` column, account 491),
  /// nil when the file has none; parsed on first use by `bookedProvisions()`.
  var bookedProvisionColumn: [Int64]?? { cache.bookedProvisions }

  /// Parses the `provision` column once; a value that is not an amount is an error naming it.
  func bookedProvisions() throws -> [Int64]? {
    if let parsed = cache.bookedProvisions { return parsed }
    switch ledger.invoices.bookedProvisions() {
    case .success(let column):
      cache.bookedProvisions = .some(column)
      return column
    case .failure(let bad):
      throw EngineError(.typeMismatch, "invoices.csv column '\(bad.column)': '\(bad.value)' is not an amount",
                        notes: ["booked provisions are amounts such as 125.50, one per document"])
    }
  }

  /// Per cash line, whether the cash-application tool matched it automatically.
  var autoMatchedFlags: [Bool] { cache.autoMatchedFlags }
  /// Per customer, its cash lines in date order.
  var paymentLinesByCustomer: [[Int32]] { cache.paymentLinesByCustomer }
  /// Per customer, the days of its cash lines, sorted.
  var paymentDaysByCustomer: [[Int32]] { cache.paymentDaysByCustomer }
  /// Which documents are in litigation (status legal).
  var legalFlags: [Bool] { cache.legalFlags }
  /// Per document, its first dispute episode (earliest opened, then first in the file; -1: none).
  var firstDisputeEpisode: [Int32] { cache.firstDisputeEpisode }

  /// Promise states depend on the grace days and the as-of date.
  struct PromiseKey: Hashable {
    var grace: Int32
    var asOf: Int32
  }
  /// The SQL engine the kernels run on (`arql --engine`); nil: this executor's own passes.
  var connection: SQLConnection?
  /// The engine's ledger facts, read by the flags and notes instead of the local ledger's.
  var engineFacts: EngineLedgerFacts?

  /// The flags raised while computing values (kpi-spec §1.8).
  var raised: Set<ResultFlag> = []

  init(ledger: Ledger, attributes: LedgerAttributes, calendar: Calendar, parameters: Parameters, dimensions: [String: ValueExpr],
       cache: LedgerCache? = nil, cancellation: CancellationFlag = CancellationFlag())
  {
    self.ledger = ledger
    self.cache = cache ?? LedgerCache(ledger: ledger)
    self.attributes = attributes
    self.calendar = calendar
    self.parameters = parameters
    self.dimensions = dimensions
    self.cancellation = cancellation
  }

  /// The number of rows of each universe.
  var rowCounts: [Int] { Universe.allCases.map(attributes.rowCount) }

  func snapshot(_ day: Int32) -> Snapshot {
    cache.value(.snapshot(day), bytes: \.bytes) { Snapshot(ledger: ledger, asOf: day) }
  }

  /// The rows of one evaluation: group labels and the value of every output column.
  struct Partial {
    var keys: [[String]] = []
    var values: [[ResultValue]] = []  // per group, per output column
    /// The flags each cell raised, per group, per output column.
    var flags: [[Set<ResultFlag>]] = []
  }

  /// Groupings that read nothing of the evaluation date, by what they group and filter.
  var groupingCache: [LogicalPlan.GroupingKey: Grouping] = [:]

  /// The rows of a universe a condition keeps at `asOf` (nil: no condition, every row).
  func filterMask(_ filter: BoolExpr?, _ universe: Universe, asOf: Int32) throws -> [Bool]? {
    guard let filter else { return nil }
    let context = ContextAttributes(ledger: ledger, asOf: asOf, state: { self.snapshot(asOf) }, customersWithoutRows: attributes.customersWithoutRows.count)
    let lookup: (String) -> AttributeColumn? = { context.attribute($0, universe) ?? self.attributes.attribute($0, universe) }
    return try FilterEvaluator(count: attributes.rowCount(universe), parameters: parameters, lookup: lookup, defined: dimensions)
      .mask(filter)
  }

  // MARK: - Kernels

  /// Sums `value(row)` per group over the rows of `mask`, on every core for large tables
  /// (per-thread accumulators, merged at the end: Int64 sums do not depend on the split).
  @inline(__always)
  func groupedSum(_ n: Int, _ groups: ColumnArray<Int32>, _ mask: [Bool]?, _ groupCount: Int, _ value: @escaping (Int) -> Int64) -> [Int64] {
    let accumulators = Accumulators(width: groupCount, rows: n)
    let kernel = RowValue(value)
    let flag = cancellation
    accumulators.run { k in
      let value = kernel.value
      let base = accumulators.slice(k)
      let rows = accumulators.range(k, rows: n)
      groups.withUnsafeBufferPointer { groups in
        var start = rows.lowerBound
        while start < rows.upperBound && !flag.isCancelled {  // morsels of 64K rows between checks
          let stop = min(rows.upperBound, start + 65_536)
          if let mask {
            for row in start..<stop where mask[row] { base[Int(groups[row])] &+= value(row) }
          } else {
            for row in start..<stop { base[Int(groups[row])] &+= value(row) }
          }
          start = stop
        }
      }
    }
    return accumulators.merged()
  }

  /// A per-row value handed to worker threads. Not `Unchecked<T>`: a closure stored in a
  /// generic is called through a reabstraction thunk, which doubled the cost of every row.
  struct RowValue: @unchecked Sendable {
    let value: (Int) -> Int64
    init(_ value: @escaping (Int) -> Int64) { self.value = value }
  }

  /// Hands a value to worker threads that only read it.
  struct Unchecked<T>: @unchecked Sendable {
    let value: T
    init(_ value: T) { self.value = value }
  }

  /// The sums of one leaf per group, from the pass its kernel names (Kernels/).
  func sum(_ leaf: MetricLeaf, _ context: EvaluationContext, _ snap: Snapshot?, _ masks: [[Bool]?], _ rowGroups: [ColumnArray<Int32>],
           _ groupCount: Int) throws -> [Int64]
  {
    switch leaf.metric.kernel.evaluator {
    case .position(let kernel): return positionSum(kernel, context, snap, masks, rowGroups, groupCount)
    case .sales(let kernel): return salesSum(kernel, context, masks, rowGroups, groupCount)
    case .exposure(let kind): return exposureSum(kind, context, masks, rowGroups, groupCount)
    case .cash(let kernel): return cashSum(kernel, context, masks, rowGroups, groupCount)
    case .matching(let kernel):
      return matchingSum(kernel, context, snap, masks[Universe.cash.rawValue], rowGroups[Universe.cash.rawValue], groupCount)
    case .dispute(let kernel):
      return disputeSum(kernel, context, masks[Universe.disputes.rawValue], rowGroups[Universe.disputes.rawValue], groupCount)
    case .team(let kernel): return try teamSum(kernel, leaf, context, snap, masks, rowGroups, groupCount)
    case .forecast(let kernel): return forecastSum(kernel, leaf, context, masks, rowGroups, groupCount)
    case .aging, .periodSales, .creditLimit:
      // Aging and period sales have passes of their own with more than one value per group;
      // credit limits come from the customer pairs.
      return [Int64](repeating: 0, count: groupCount)
    }
  }
}
