import ArqlLedger
import Dispatch

/// The state of the ledger at one date, computed once per date and shared by every metric:
/// the open amount of every document (one pass over the application index), which cash lines
/// are unapplied, and which invoices have an open dispute (with its reason).
final class Snapshot {
  let asOf: Int32
  /// Open amount of each document at `asOf` (0 when posted later).
  let open: [Int64]
  /// Cash lines received ≤ asOf that are not applied at asOf (no invoice, or invoice posted later).
  let unappliedCash: [Bool]
  /// For each invoice row, the row of a dispute open at asOf, or -1.
  let openDispute: [Int32]

  /// What it holds, for the session cache's budget.
  var bytes: Int { open.count * 8 + unappliedCash.count + openDispute.count * 4 }

  /// Debit documents applied beyond their amount at asOf: the row and the excess (negative).
  /// Their open amount is 0 (they are not open items); the excess is unapplied credit
  /// (kpi-spec §1; issue #16 item 7), counted by `balance`, `unapplied` and the aged balance.
  let overApplied: [(row: Int32, excess: Int64)]

  init(ledger: Ledger, asOf: Int32) {
    self.asOf = asOf
    var open = ledger.applications.openAmounts(at: asOf, invoices: ledger.invoices)
    var over: [(row: Int32, excess: Int64)] = []
    for r in 0..<open.count where open[r] < 0 && ledger.isDebit(r) {
      over.append((Int32(r), open[r]))
      open[r] = 0
    }
    overApplied = over
    self.open = open
    let payments = ledger.payments
    let posting = ledger.invoices.postingDate
    unappliedCash = (0..<payments.count).map { p in
      guard payments.paymentDate[p] <= asOf else { return false }
      let target = payments.invoice[p]
      return target < 0 || posting[Int(target)] > asOf
    }
    var disputes = [Int32](repeating: -1, count: ledger.invoices.count)
    let d = ledger.disputes
    for row in 0..<d.count where d.opened[row] <= asOf {
      if let resolved = d.resolved[row], resolved <= asOf { continue }
      let invoice = Int(d.invoice[row])
      if invoice >= 0 && disputes[invoice] < 0 { disputes[invoice] = Int32(row) }
    }
    openDispute = disputes
  }
}

/// A snapshot computed on another thread while the caller does independent work, or the one
/// the session already keeps.
final class SnapshotJob: @unchecked Sendable {
  private var result: Snapshot?
  private let group = DispatchGroup()
  private let ledger: Ledger
  private let asOf: Int32
  /// Whether this job computed the snapshot (the caller keeps it), or was handed a kept one.
  let computed: Bool

  /// Starts computing the ledger's state at `asOf`, unless `kept` already holds it.
  init(ledger: Ledger, asOf: Int32, kept: Snapshot?) {
    self.ledger = ledger
    self.asOf = asOf
    result = kept
    computed = kept == nil
    if computed { DispatchQueue.global().async(group: group) { self.result = Snapshot(ledger: ledger, asOf: asOf) } }
  }

  /// The snapshot, once computed (the group's wait orders the write before this read).
  func wait() -> Snapshot {
    group.wait()
    return result ?? Snapshot(ledger: ledger, asOf: asOf)
  }
}
