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
    var open = ledger.applications.openAmounts(at: asOf, invoices: ledger.invoices)  // on both cores
    var unapplied = [Bool](repeating: false, count: ledger.payments.count)
    var disputes = [Int32](repeating: -1, count: ledger.invoices.count)
    let over = open.withUnsafeMutableBufferPointer { open in
      unapplied.withUnsafeMutableBufferPointer { unapplied in
        disputes.withUnsafeMutableBufferPointer { disputes in
          StateJob(ledger: ledger, asOf: asOf, open: open, unapplied: unapplied, disputes: disputes).run()
        }
      }
    }
    overApplied = over
    self.open = open
    unappliedCash = unapplied
    openDispute = disputes
  }

  /// The passes after the open amounts, which read and write disjoint arrays: the over-applied
  /// debits on one core, the unapplied cash and the open disputes on the other.
  private struct StateJob: @unchecked Sendable {
    let ledger: Ledger
    let asOf: Int32
    let open: UnsafeMutableBufferPointer<Int64>
    let unapplied: UnsafeMutableBufferPointer<Bool>
    let disputes: UnsafeMutableBufferPointer<Int32>

    /// Runs both halves; returns the over-applied debits (their open amount set to 0).
    func run() -> [(row: Int32, excess: Int64)] {
      let found = Found()
      DispatchQueue.concurrentPerform(iterations: 2) { k in
        if k == 0 { found.rows = overApplied() } else { unappliedAndDisputes() }
      }
      return found.rows
    }

    /// Debit documents applied beyond their amount: the excess is unapplied credit.
    private func overApplied() -> [(row: Int32, excess: Int64)] {
      var rows: [(row: Int32, excess: Int64)] = []
      for r in 0..<open.count where open[r] < 0 && ledger.isDebit(r) {
        rows.append((Int32(r), open[r]))
        open[r] = 0
      }
      return rows
    }

    private func unappliedAndDisputes() {
      let payments = ledger.payments
      ledger.invoices.postingDate.withUnsafeBufferPointer { posting in
        payments.paymentDate.withUnsafeBufferPointer { paid in
          payments.invoice.withUnsafeBufferPointer { target in
            for p in 0..<unapplied.count where paid[p] <= asOf {
              let t = Int(target[p])
              unapplied[p] = t < 0 || t >= posting.count || posting[t] > asOf  // row references are checked at load
            }
          }
        }
      }
      let d = ledger.disputes
      for row in 0..<d.count where d.opened[row] <= asOf {
        if let resolved = d.resolved[row], resolved <= asOf { continue }
        let invoice = Int(d.invoice[row])
        if invoice >= 0 && invoice < disputes.count && disputes[invoice] < 0 { disputes[invoice] = Int32(row) }
      }
    }

    /// What the first half found, read once both halves are done.
    private final class Found: @unchecked Sendable {
      var rows: [(row: Int32, excess: Int64)] = []
    }
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
