import ArqlLedger

/// What the queries of one session over one ledger compute again and again: the state of the
/// ledger at an as-of date (open amounts, unapplied cash, open disputes), promise states,
/// forecast plans and their day order, roll rates, and per-ledger flags. A report script of ten
/// queries at one as-of date computes each once (issue #13).
///
/// Values keyed by a date are kept while they fit in `budget` bytes and dropped least recently
/// used first: a trend over 12 month ends of a 10M-row ledger would otherwise hold gigabytes.
/// The ledger never changes under a cache (`.reload` and appends make a new engine and cache),
/// so nothing here is ever stale.
final class LedgerCache {
  let ledger: Ledger
  /// Bytes the date-keyed values may hold together.
  let budget: Int
  /// Lookups answered from the cache and computed, since the cache was made (for tests and `.timer`).
  private(set) var hits = 0
  private(set) var misses = 0

  /// A date-keyed value.
  enum Key: Hashable {
    case snapshot(Int32)
    case promiseStates(Executor.PromiseKey)
    case forecastPlan(Executor.ForecastKey)
    case forecastOrder(Executor.ForecastKey)
    case rollRates(Int32)
  }

  private struct Entry {
    var value: Any
    var bytes: Int
    var lastUse: Int
  }

  private var entries: [Key: Entry] = [:]
  private var held = 0
  private var clock = 0

  init(ledger: Ledger, budget: Int = LedgerCache.defaultBudget) {
    self.ledger = ledger
    self.budget = budget
  }

  /// 1 GiB: the open-amount snapshot and a forecast plan of a 10M-row ledger (about 0.4 GB
  /// together) stay, a long trend's month ends are recomputed.
  static let defaultBudget = 1 << 30

  /// The value under `key`, made by `make` (and kept, with its size `bytes`) when absent.
  func value<T>(_ key: Key, bytes: (T) -> Int, make: () throws -> T) rethrows -> T {
    if let value: T = kept(key) { return value }
    let value = try make()
    keep(value, as: key, bytes: bytes(value))
    return value
  }

  /// The value under `key` if it is kept (a hit or a miss is counted).
  func kept<T>(_ key: Key) -> T? {
    clock += 1
    guard let entry = entries[key], let value = entry.value as? T else {
      misses += 1
      return nil
    }
    entries[key]?.lastUse = clock
    hits += 1
    return value
  }

  /// Keeps `value` under `key`, dropping the least recently used values it does not fit beside.
  func keep<T>(_ value: T, as key: Key, bytes size: Int) {
    guard size <= budget else { return }
    while held + size > budget, let oldest = entries.min(by: { $0.value.lastUse < $1.value.lastUse }) {
      held -= oldest.value.bytes
      entries[oldest.key] = nil
    }
    if let previous = entries[key] { held -= previous.bytes }
    entries[key] = Entry(value: value, bytes: size, lastUse: clock)
    held += size
  }

  /// Replaces a kept value (a roll-rate table grown to a longer horizon).
  func drop(_ key: Key) {
    if let previous = entries.removeValue(forKey: key) { held -= previous.bytes }
  }

  /// Forgets every date-keyed value (`set cache = off` does before each query).
  func clear() {
    entries = [:]
    held = 0
  }

  /// Bytes held by date-keyed values.
  var heldBytes: Int { held }

  // MARK: - Per ledger

  /// Which documents are in litigation (status legal, litigation or contentieux).
  lazy var legalFlags: [Bool] = ledger.invoices.legalFlags

  /// Per cash line, whether the cash-application tool matched it automatically.
  lazy var autoMatchedFlags: [Bool] = {
    let method = ledger.payments.matchMethod
    let automatic = method.dictionary.map { $0.lowercased() == "auto" }  // the loader admits auto and manual
    return method.codes.map { $0 >= 0 && automatic[Int($0)] }
  }()

  /// Per customer, its cash lines in date order.
  lazy var paymentLinesByCustomer: [[Int32]] = {
    var lines = [[Int32]](repeating: [], count: ledger.customers.count)
    let pay = ledger.payments
    for line in 0..<pay.count where pay.customer[line] >= 0 && Int(pay.customer[line]) < lines.count {
      lines[Int(pay.customer[line])].append(Int32(line))
    }
    return lines.map { $0.sorted { pay.paymentDate[Int($0)] < pay.paymentDate[Int($1)] } }
  }()

  /// Per customer, the days of its cash lines, sorted.
  lazy var paymentDaysByCustomer: [[Int32]] = paymentLinesByCustomer.map { $0.map { ledger.payments.paymentDate[Int($0)] } }

  /// Per document, its first dispute episode (earliest opened, then first in the file; -1: none).
  lazy var firstDisputeEpisode: [Int32] = {
    var first = [Int32](repeating: -1, count: ledger.invoices.count)
    let d = ledger.disputes
    for k in 0..<d.count where d.invoice[k] >= 0 {
      let i = Int(d.invoice[k])
      if first[i] < 0 || d.opened[k] < d.opened[Int(first[i])] { first[i] = Int32(k) }
    }
    return first
  }()

  /// The provision booked on each document (invoices.csv's `provision` column), parsed once;
  /// `.some(nil)` when the file has none.
  var bookedProvisions: [Int64]?? = nil
}
