import Dispatch
#if canImport(Glibc)
import Glibc
#endif

/// The ids of a loaded ledger, ready for lookups, so that the rows of an append are checked and
/// resolved against the ledger in time proportional to the new rows.
///
/// A table whose ids are sorted (exports usually are: `INV0000001`, `INV0000002`, ...) needs
/// nothing but that fact: an id is found by a binary search of the ledger's own dictionary. Any
/// other table's ids are interned, once. Either is prepared the first time an append needs the
/// table (one pass over its ids, the tables spread over the cores) and then follows the ids each
/// append adds: a session that appends a day's export every morning prepares them once. A value
/// belongs to one ledger; the session drops it when another ledger is loaded.
public struct LedgerKeys: Sendable {
  /// How the ids of one table are looked up.
  private enum Lookup: Sendable {
    /// The dictionary's first `count` entries are strictly increasing and are the rows (for
    /// receipts, the codes): a binary search of the ledger's dictionary. The ids appends added
    /// after them, in any order, are interned in `tail` (code k is entry `count + k`).
    case sorted(count: Int, tail: ByteInterner)
    /// Interned; `rows` maps a dictionary code to its row when codes are not the rows.
    case interned(ByteInterner, rows: [Int32]?)
  }

  private var lookups: [TableKind: Lookup] = [:]
  /// The ledger's sums of absolute amounts per family of summed columns (`LedgerBuilder.checkSums`),
  /// so an append checks its rows against them without a pass over the ledger.
  var sums: [UInt64]?

  public init() {}

  /// The row of `kind` in `ledger` whose id is the bytes `p[0..<n]`, or `nil`. For payments,
  /// the dictionary code of the receipt id (receipt ids repeat).
  func row(_ kind: TableKind, _ p: UnsafePointer<UInt8>, _ n: Int, in ledger: Ledger) -> Int32? {
    switch lookups[kind] {
    case .sorted(let count, let tail)?:
      if let code = tail.lookup(p, n) { return Int32(count) + code }
      return LedgerKeys.idColumn(kind, of: ledger).flatMap {
        LedgerKeys.search($0.dictionary, count: count, UnsafeBufferPointer(start: p, count: n))
      }
    case .interned(let interner, let rows)?:
      guard let code = interner.lookup(p, n) else { return nil }
      return rows.map { $0[Int(code)] } ?? code
    case nil:
      return nil
    }
  }

  /// The row (payments: the code) of an id in `ledger`, or `nil`.
  func row(_ kind: TableKind, _ id: String, in ledger: Ledger) -> Int32? {
    switch lookups[kind] {
    case .sorted(let count, let tail)?:
      if let code = tail.lookup(id) { return Int32(count) + code }
      return LedgerKeys.idColumn(kind, of: ledger).flatMap { LedgerKeys.search($0.dictionary, count: count, id) }
    case .interned(let interner, let rows)?:
      guard let code = interner.lookup(id) else { return nil }
      return rows.map { $0[Int(code)] } ?? code
    case nil:
      return nil
    }
  }

  /// The index of `id` in `ids[0..<count]`, strictly increasing byte for byte (as a load compares ids).
  private static func search(_ ids: LabelList, count: Int, _ id: String) -> Int32? {
    var id = id
    return id.withUTF8 { search(ids, count: count, $0) }
  }

  /// The index of the id of UTF-8 bytes `id` in `ids[0..<count]`, read in place.
  private static func search(_ ids: LabelList, count: Int, _ id: UnsafeBufferPointer<UInt8>) -> Int32? {
    var low = 0
    var high = min(count, ids.count)
    let end = high
    while low < high {
      let middle = (low + high) / 2
      if ids.withUTF8(at: middle, { compare($0, id) }) < 0 { low = middle + 1 } else { high = middle }
    }
    guard low < end, ids.withUTF8(at: low, { compare($0, id) }) == 0 else { return nil }
    return Int32(low)
  }

  /// The byte order of two UTF-8 strings (negative, zero, positive).
  private static func compare(_ x: UnsafeBufferPointer<UInt8>, _ y: UnsafeBufferPointer<UInt8>) -> Int {
    guard let p = x.baseAddress, let q = y.baseAddress else { return x.count - y.count }
    return ByteComparison.order(p, x.count, q, y.count)
  }

  /// Prepares the lookups of the tables not prepared yet, the tables spread over the cores.
  mutating func prepare(_ kinds: [TableKind], of ledger: Ledger) {
    let missing = kinds.filter { lookups[$0] == nil && LedgerKeys.idColumn($0, of: ledger) != nil }
    guard !missing.isEmpty else { return }
    let built = UnsafeMutableBufferPointer<Lookup?>.allocate(capacity: missing.count)
    built.initialize(repeating: nil)
    defer {
      built.deinitialize()
      built.deallocate()
    }
    let job = PrepareJob(kinds: missing, ledger: ledger, out: built)
    DispatchQueue.concurrentPerform(iterations: missing.count) { job.run($0) }
    for (k, kind) in missing.enumerated() { lookups[kind] = built[k] }
  }

  /// Prepares one table's lookup a thread; each writes its own slot.
  private struct PrepareJob: @unchecked Sendable {
    let kinds: [TableKind]
    let ledger: Ledger
    let out: UnsafeMutableBufferPointer<Lookup?>

    func run(_ k: Int) {
      guard let column = LedgerKeys.idColumn(kinds[k], of: ledger) else { return }
      let ids = column.dictionary
      let byRow = kinds[k] == .payments || LedgerKeys.isIdentity(column.codes, count: ids.count)
      if byRow && LedgerKeys.isIncreasing(ids) {
        out[k] = .sorted(count: ids.count, tail: ByteInterner())
        return
      }
      // Room for the ids later appends add, so the first few do not rehash the table.
      var interner = ByteInterner(capacity: ids.count + ids.count / 4 + 1024)
      for k in ids.indices { _ = ids.withUTF8(at: k) { interner.intern($0) } }
      var rows: [Int32]? = nil
      if !byRow {
        var map = [Int32](repeating: -1, count: ids.count)
        for (row, code) in column.codes.enumerated() where code >= 0 && map[Int(code)] < 0 { map[Int(code)] = Int32(row) }
        rows = map
      }
      out[k] = .interned(interner, rows: rows)
    }
  }

  /// Whether row `r` holds code `r` for every row.
  private static func isIdentity(_ codes: ColumnArray<Int32>, count: Int) -> Bool {
    guard codes.count == count else { return false }
    return codes.withUnsafeBufferPointer { codes in
      for row in 0..<codes.count where codes[row] != Int32(truncatingIfNeeded: row) { return false }
      return true
    }
  }

  /// Whether `ids` is strictly increasing, byte for byte.
  private static func isIncreasing(_ ids: LabelList) -> Bool {
    guard ids.count > 1 else { return true }
    for k in 1..<ids.count where ids.withUTF8(at: k - 1, { a in ids.withUTF8(at: k) { b in compare(a, b) } }) >= 0 { return false }
    return true
  }

  /// Follows the ids `ledger`'s rows from `counts[kind]` on add (the rows an append added):
  /// they are interned, after a sorted table's sorted part or with the interned ones.
  mutating func extend(to ledger: Ledger, from counts: [TableKind: Int]) {
    for kind in Array(lookups.keys) {
      guard let column = LedgerKeys.idColumn(kind, of: ledger), let lookup = lookups.removeValue(forKey: kind) else { continue }
      switch consume lookup {  // the interner has one owner while it grows
      case .sorted(let count, var tail):
        // New ids take the next dictionary entries (receipts: the new values; others: one a row).
        for id in column.dictionary[min(count + tail.count, column.dictionary.count)...] { _ = tail.intern(id) }
        lookups[kind] = .sorted(count: count, tail: tail)
      case .interned(var interner, var rows):
        if kind == .payments {
          for id in column.dictionary[min(interner.count, column.dictionary.count)...] { _ = interner.intern(id) }
        } else {
          for row in (counts[kind] ?? 0)..<column.codes.count {
            let code = column.codes[row]
            let before = interner.count
            let interned = code >= 0 ? interner.intern(column.dictionary[Int(code)]) : -1
            if rows != nil, Int(interned) >= before { rows?.append(Int32(row)) }
          }
        }
        lookups[kind] = .interned(interner, rows: rows)
      }
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
