import Dispatch

/// The ids of a loaded ledger, interned for lookups by their bytes, so that the rows of an
/// append are checked and resolved against the ledger in time proportional to the new rows.
///
/// Each table's interner is built the first time an append needs it (one pass over that
/// table's ids) and then extended with the ids each append adds: a session that appends a
/// day's export every morning builds them once. A value belongs to one ledger; the session
/// drops it when another ledger is loaded.
public struct LedgerKeys: Sendable {
  /// Per table with ids: the interner of the id column's dictionary (code = dictionary code).
  private var interners: [TableKind: ByteInterner] = [:]
  /// Per table: row of each dictionary code, when codes are not the rows themselves.
  private var rowOfCode: [TableKind: [Int32]] = [:]

  public init() {}

  /// The row of `kind` whose id is the bytes `p[0..<n]`, or `nil`. For payments, the
  /// dictionary code of the receipt id (receipt ids repeat).
  func row(_ kind: TableKind, _ p: UnsafePointer<UInt8>, _ n: Int) -> Int32? {
    guard let code = interners[kind]?.lookup(p, n) else { return nil }
    guard let rows = rowOfCode[kind] else { return code }
    return rows[Int(code)]
  }

  /// The row (payments: the code) of an id, or `nil`.
  func row(_ kind: TableKind, _ id: String) -> Int32? {
    guard let code = interners[kind]?.lookup(id) else { return nil }
    guard let rows = rowOfCode[kind] else { return code }
    return rows[Int(code)]
  }

  /// Builds the interners of the tables' ids not built yet, the tables spread over the cores.
  mutating func prepare(_ kinds: [TableKind], of ledger: Ledger) {
    let missing = kinds.filter { interners[$0] == nil && LedgerKeys.idColumn($0, of: ledger) != nil }
    guard !missing.isEmpty else { return }
    let built = UnsafeMutableBufferPointer<ByteInterner?>.allocate(capacity: missing.count)
    built.initialize(repeating: nil)
    defer {
      built.deinitialize()
      built.deallocate()
    }
    let job = InternJob(kinds: missing, ledger: ledger, out: built)
    DispatchQueue.concurrentPerform(iterations: missing.count) { job.run($0) }
    for (k, kind) in missing.enumerated() {
      interners[kind] = built[k]
      mapRows(kind, of: ledger)
    }
  }

  /// Interns one table's ids a thread; each writes its own slot.
  private struct InternJob: @unchecked Sendable {
    let kinds: [TableKind]
    let ledger: Ledger
    let out: UnsafeMutableBufferPointer<ByteInterner?>

    func run(_ k: Int) {
      guard let column = LedgerKeys.idColumn(kinds[k], of: ledger) else { return }
      // Room for the ids later appends add, so the first few do not rehash the table.
      var interner = ByteInterner(capacity: column.dictionary.count + column.dictionary.count / 4 + 1024)
      for id in column.dictionary { _ = interner.intern(id) }
      out[k] = interner
    }
  }

  /// Ids of unique-id tables are numbered by row; anything else gets a code → row map.
  private mutating func mapRows(_ kind: TableKind, of ledger: Ledger) {
    guard kind != .payments, let column = LedgerKeys.idColumn(kind, of: ledger) else { return }
    var identity = column.dictionary.count == column.codes.count
    if identity {
      column.codes.withUnsafeBufferPointer { codes in
        for row in 0..<codes.count where codes[row] != Int32(truncatingIfNeeded: row) {
          identity = false
          break
        }
      }
    }
    guard !identity else { return }
    var rows = [Int32](repeating: -1, count: column.dictionary.count)
    for (row, code) in column.codes.enumerated() where code >= 0 && rows[Int(code)] < 0 { rows[Int(code)] = Int32(row) }
    rowOfCode[kind] = rows
  }

  /// Extends the built interners with the ids of `ledger`'s rows from `counts[kind]` on (the
  /// rows an append added), so the keys follow the ledger after the append.
  mutating func extend(to ledger: Ledger, from counts: [TableKind: Int]) {
    for kind in Array(interners.keys) {
      guard var interner = interners[kind], let column = LedgerKeys.idColumn(kind, of: ledger) else { continue }
      interners[kind] = nil  // unique while it grows
      let first = kind == .payments ? interner.count : counts[kind] ?? 0
      if kind == .payments {
        for id in column.dictionary[min(first, column.dictionary.count)...] { _ = interner.intern(id) }
      } else {
        for row in first..<column.codes.count {
          let code = column.codes[row]
          let before = interner.count
          let interned = code >= 0 ? interner.intern(column.dictionary[Int(code)]) : -1
          if rowOfCode[kind] != nil, interned >= before { rowOfCode[kind]?.append(Int32(row)) }
        }
      }
      interners[kind] = interner
    }
  }

  /// The id column of a table (payments: the receipt ids), `nil` for tables without ids.
  static func idColumn(_ kind: TableKind, of ledger: Ledger) -> DictionaryColumn? {
    switch kind {
    case .customers: return ledger.customers.id
    case .invoices: return ledger.invoices.id
    case .payments: return ledger.payments.paymentId
    case .disputes: return ledger.disputes.id
    case .actions: return ledger.actions.id
    case .promises: return ledger.promises.id
    case .exposures, .surveys: return nil
    }
  }
}
