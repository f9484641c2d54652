import Dispatch

/// A ledger's parts as separate sections of a snapshot's payload, so they are written and read
/// on all cores at once: each table, the application index and the list of tables loaded.
enum SnapshotSections {
  /// One section as written: its length, the hash of its shape and its checksum.
  struct Entry: Sendable, Codable, Equatable {
    var bytes: UInt64
    var schema: UInt64
    var checksum: UInt64
  }

  /// The number of sections (eight tables, the application index, the tables loaded).
  static let count = 10
  /// What each section holds, for messages.
  static let names = ["customers", "invoices", "payments", "disputes", "actions", "promises", "exposures", "surveys",
                      "application index", "list of tables"]

  /// Encodes section `k` of `ledger`.
  static func encode(_ ledger: Ledger, _ k: Int) throws -> SnapshotEncoder {
    let e = SnapshotEncoder(capacity: 1 << 16)
    switch k {
    case 0: try e.write(ledger.customers)
    case 1: try e.write(ledger.invoices)
    case 2: try e.write(ledger.payments)
    case 3: try e.write(ledger.disputes)
    case 4: try e.write(ledger.actions)
    case 5: try e.write(ledger.promises)
    case 6: try e.write(ledger.exposures)
    case 7: try e.write(ledger.surveys)
    case 8: try e.write(ledger.applications)
    default: try e.write(ledger.loadedTables.map(\.rawValue).sorted())
    }
    return e
  }

  /// Every section of `ledger`, encoded at once.
  static func encodeAll(_ ledger: Ledger) throws -> [SnapshotEncoder] {
    let results = UnsafeMutableBufferPointer<Result<SnapshotEncoder, any Error>?>.allocate(capacity: count)
    results.initialize(repeating: nil)
    defer {
      results.deinitialize()
      results.deallocate()
    }
    let job = EncodeJob(ledger: ledger, results: results)
    // The largest sections first, so the two cores end together.
    let order = [1, 2, 4, 8, 0, 5, 3, 6, 7, 9]
    DispatchQueue.concurrentPerform(iterations: count) { job.run(order[$0]) }
    return try results.map { result throws -> SnapshotEncoder in
      guard let result else { throw SnapshotDecoder.Failure(message: "a section was not written") }
      return try result.get()
    }
  }

  private struct EncodeJob: @unchecked Sendable {
    let ledger: Ledger
    let results: UnsafeMutableBufferPointer<Result<SnapshotEncoder, any Error>?>
    func run(_ k: Int) { results[k] = Result { try SnapshotSections.encode(ledger, k) } }
  }

  /// The parts of a ledger read back, each from its section.
  final class Decoded: @unchecked Sendable {
    var customers: CustomerTable?
    var invoices: InvoiceTable?
    var payments: PaymentTable?
    var disputes: DisputeTable?
    var actions: ActionTable?
    var promises: PromiseTable?
    var exposures: ExposureTable?
    var surveys: SurveyTable?
    var applications: ApplicationIndex?
    var loadedTables: [String]?
    /// The first problem met, by section.
    var failures = [String?](repeating: nil, count: SnapshotSections.count)
  }

  /// The checksum of each of `sections` (`SnapshotVerifier`'s, chunk by chunk on all cores).
  static func checksums(_ sections: [[UInt8]]) -> [UInt64] {
    withBytes(sections[...], []) { SnapshotVerifier.verify($0).sums }
  }

  /// Calls `body` with the bytes of every array, each inside its own `withUnsafeBytes`.
  private static func withBytes<R>(_ arrays: ArraySlice<[UInt8]>, _ bytes: [UnsafeRawBufferPointer],
                                   _ body: ([UnsafeRawBufferPointer]) -> R) -> R {
    guard let first = arrays.first else { return body(bytes) }
    return first.withUnsafeBytes { withBytes(arrays.dropFirst(), bytes + [$0], body) }
  }

  /// The sections of `payload` as `entries` cut it: as many as written, each padded, covering it.
  static func slices(_ payload: UnsafeRawBufferPointer, _ entries: [Entry]) throws(SnapshotDecoder.Failure) -> [UnsafeRawBufferPointer] {
    guard entries.count == count else { throw SnapshotDecoder.Failure(message: "it has \(entries.count) sections, not \(count)") }
    var sections: [UnsafeRawBufferPointer] = []
    var offset = 0
    for entry in entries {
      guard entry.bytes % 8 == 0 else { throw SnapshotDecoder.Failure(message: "a section is not padded (it was not written by this version of arql)") }
      guard entry.bytes <= UInt64(payload.count - offset) else {
        throw SnapshotDecoder.Failure(message: "it was cut short (its data ends before its last section)")
      }
      sections.append(UnsafeRawBufferPointer(rebasing: payload[offset..<(offset + Int(entry.bytes))]))
      offset += Int(entry.bytes)
    }
    guard offset == payload.count else { throw SnapshotDecoder.Failure(message: "it holds more data than its header says") }
    return sections
  }

  /// Checks and decodes every section of `payload` at once; columns read `payload` in place
  /// and keep `keeper` (the mapped file) alive.
  /// - Throws: `SnapshotDecoder.Failure` naming the first damaged section.
  static func decodeAll(_ payload: UnsafeRawBufferPointer, _ entries: [Entry], keeper: AnyObject? = nil) throws(SnapshotDecoder.Failure) -> Ledger {
    let sections = try slices(payload, entries)
    // Decoded first (every read is bounds-checked; nothing is trusted yet), so that the one
    // pass over the file below checks both the checksums and the values of the columns.
    let decoded = Decoded()
    let job = DecodeJob(sections: sections, entries: entries, decoded: decoded, keeper: keeper)
    let order = [1, 2, 4, 8, 0, 5, 3, 6, 7, 9]
    DispatchQueue.concurrentPerform(iterations: count) { job.run(order[$0]) }
    var ledger: Ledger?
    if let customers = decoded.customers, let invoices = decoded.invoices, let payments = decoded.payments,
      let disputes = decoded.disputes, let actions = decoded.actions, let promises = decoded.promises, let exposures = decoded.exposures,
      let surveys = decoded.surveys, let applications = decoded.applications, let names = decoded.loadedTables
    {
      let loaded = Set(names.compactMap { TableKind(rawValue: $0) })
      if loaded.count != names.count { decoded.failures[9] = "it names a table this arql does not know" }
      ledger = Ledger(customers: customers, invoices: invoices, payments: payments, disputes: disputes, actions: actions, promises: promises,
                      exposures: exposures, surveys: surveys, loadedTables: loaded, applications: applications)
    }
    let check = ledger?.structureCheck()
    let (sums, outside) = SnapshotVerifier.verify(sections, check?.ranges ?? [])
    if let bad = entries.indices.first(where: { sums[$0] != entries[$0].checksum }) {
      throw SnapshotDecoder.Failure(message: "its data does not match its checksum (in its \(names[bad]))")
    }
    if let failure = decoded.failures.compactMap({ $0 }).first { throw SnapshotDecoder.Failure(message: failure) }
    guard let ledger, let check else { throw SnapshotDecoder.Failure(message: "a section is missing") }
    if let problem = check.problem(outside: outside) { throw SnapshotDecoder.Failure(message: problem) }
    return ledger
  }

  private struct DecodeJob: @unchecked Sendable {
    let sections: [UnsafeRawBufferPointer]
    let entries: [Entry]
    let decoded: Decoded
    let keeper: AnyObject?

    func run(_ k: Int) {
      let d = SnapshotDecoder(sections[k], keeper: keeper)
      do {
        switch k {
        case 0: decoded.customers = try d.read(CustomerTable.self)
        case 1: decoded.invoices = try d.read(InvoiceTable.self)
        case 2: decoded.payments = try d.read(PaymentTable.self)
        case 3: decoded.disputes = try d.read(DisputeTable.self)
        case 4: decoded.actions = try d.read(ActionTable.self)
        case 5: decoded.promises = try d.read(PromiseTable.self)
        case 6: decoded.exposures = try d.read(ExposureTable.self)
        case 7: decoded.surveys = try d.read(SurveyTable.self)
        case 8: decoded.applications = try d.read(ApplicationIndex.self)
        default: decoded.loadedTables = try d.read([String].self)
        }
        // The padding after the last value.
        try d.align()
      } catch {
        decoded.failures[k] = "its data cannot be read by this version of arql (\(error))"
        return
      }
      if !d.isAtEnd || d.schema != entries[k].schema { decoded.failures[k] = "it was written by another version of arql (its columns differ)" }
    }
  }
}
