import ArqlSupport
import Dispatch

/// Turns parsed files into a `Ledger`: checks ids and references between tables (DESIGN.md §3),
/// applies the business rules of each table, fills defaults (posting date, due date from
/// terms), and in lenient mode rejects the rows that break a rule — and, in cascade, the rows
/// that refer to a rejected row.
struct LedgerBuilder {
  var parsed: [TableKind: ParsedTable]
  let options: LoadOptions
  /// Ids of rejected rows per table, with where they were, for cascade messages.
  var rejectedIds: [TableKind: [String: String]] = [:]
  /// Indexes and resolved references already computed, dropped when their table loses rows.
  private var indexCache: [TableKind: ReferenceIndex] = [:]
  private var resolveCache: [String: [Int32]] = [:]
  /// Each table's ids walked once at the start of its build (`KeyWalk`), with the name of the
  /// id column walked; dropped when the table loses rows, and once it is built.
  private var keyWalks: [TableKind: (id: String?, walk: KeyWalk)] = [:]

  /// Customers a FEC names that its customers.csv may lack (id, name), added when missing.
  var supplementalCustomers: [(id: String, name: String)] = []

  /// The ledger an append adds to (`LedgerAppender`): the new rows' ids must be new to it, their
  /// references may name its rows, and they take the row numbers after its own; `build` then
  /// returns the ledger with the rows added.
  var base: Ledger?
  /// The base ledger's ids, interned (built on first use, extended by the appender).
  var baseKeys = LedgerKeys()
  /// Told when a step of `buildParts` ends (an append's phases).
  var lap: ((String) -> Void)?
  /// In an append, the sums of `checkSums` with the new rows (rows rejected later included,
  /// which only errs towards refusing), for the keys of the ledger once the append succeeds.
  private(set) var appendedSums: [UInt64]?

  /// "FILE:LINE" of a record, in its own file (a table may join several).
  static func place(_ source: SourceText, record: Int) -> String {
    let (file, line) = source.origin(ofLine: source.line(ofRecord: record))
    return "\(file):\(line)"
  }

  init(parsed: [TableKind: ParsedTable], options: LoadOptions) {
    self.parsed = parsed
    self.options = options
  }

  private static let idColumn: [TableKind: String] = [
    .customers: "customer_id", .invoices: "invoice_id", .disputes: "dispute_id", .actions: "action_id",
    .promises: "promise_id",
  ]

  mutating func build() throws -> Ledger {
    let parts = try buildParts()
    if var combined = base {
      base = nil
      combined.append(parts, keys: baseKeys)
      return combined
    }
    return Ledger(parts)
  }

  /// Interns the base ledger's ids an append looks up (each table once per `baseKeys`).
  mutating func prepareBaseKeys() {
    guard let base else { return }
    baseKeys.prepare(TableKind.allCases.filter { $0 == .customers || $0 == .invoices || parsed[$0] != nil }, of: base)
  }

  /// Checks the parsed tables and types them: the whole ledger, or in an append the new rows
  /// (customers: the whole table), numbered after the base ledger's.
  mutating func buildParts() throws -> LedgerParts {
    let pages = PageReleaser(parsed.values.compactMap(\.source))
    defer { pages.stop() }
    for kind in TableKind.allCases { noteParseRejects(kind) }
    prepareBaseKeys()
    try checkSums()
    lap?("  sums")
    let (customers, customerIndex) = try buildCustomers()
    finished(.customers, "  customers")
    let (invoices, invoiceIndex) = try buildInvoices(customers: customers, customerIndex: customerIndex)
    finished(.invoices, "  documents")
    let payments = try buildPayments(customerIndex: customerIndex, invoiceIndex: invoiceIndex)
    finished(.payments, "  cash")
    let disputes = try buildDisputes(invoiceIndex: invoiceIndex)
    finished(.disputes, "  disputes")
    let actions = try buildActions(customerIndex: customerIndex, invoiceIndex: invoiceIndex)
    finished(.actions, "  actions")
    let promises = try buildPromises(customerIndex: customerIndex, invoiceIndex: invoiceIndex)
    finished(.promises, "  promises")
    let exposures = try buildExposures(customerIndex: customerIndex)
    finished(.exposures, nil)
    let surveys = try buildSurveys(customerIndex: customerIndex)
    finished(.surveys, nil)
    return LedgerParts(customers: customers, invoices: invoices, payments: payments, disputes: disputes, actions: actions,
                       promises: promises, exposures: exposures, surveys: surveys, tables: Set(parsed.keys))
  }

  /// After a table is built its parsed columns are let go (the indexes later tables look up
  /// keep what they need), so a load holds the ledger it builds rather than every id of every
  /// file twice.
  private mutating func finished(_ kind: TableKind, _ step: String?) {
    letGo(kind)
    if let step { lap?(step) }
  }

  /// Lets go of a built table's parsed columns and key walk.
  mutating func letGo(_ kind: TableKind) {
    parsed[kind]?.dropColumns()
    keyWalks[kind] = nil
  }

  // MARK: - Shared checks

  /// The families of columns summed together (documents, cash and exposures; net amounts;
  /// foreign amounts; disputed amounts; promised amounts; credit limits). Within a family the
  /// tables come in `TableKind` order, so a table's check needs only the tables before it.
  static let sumFamilies: [[(TableKind, String)]] = [
    [(.invoices, "amount"), (.payments, "amount"), (.exposures, "amount")], [(.invoices, "net_amount")],
    [(.invoices, "amount_currency")], [(.disputes, "amount")], [(.promises, "amount")], [(.customers, "credit_limit")],
  ]

  /// The tables whose check of `kind`'s sums must come first: those before it in a family.
  static func sumPredecessors(of kind: TableKind) -> Set<TableKind> {
    var before: Set<TableKind> = []
    for family in sumFamilies {
      guard let position = family.firstIndex(where: { $0.0 == kind }) else { continue }
      before.formUnion(family[..<position].map(\.0))
    }
    return before
  }

  /// The running totals the sums start from: zero, or in an append the ledger's (one pass over
  /// it the first time, then kept in the keys).
  mutating func initialSums() -> [UInt64] {
    guard let base else { return [UInt64](repeating: 0, count: Self.sumFamilies.count) }
    if baseKeys.sums?.count != Self.sumFamilies.count {
      baseKeys.sums = Self.sumFamilies.map { family in
        var total: UInt64 = 0
        for (kind, name) in family {
          for value in Self.summedColumn(kind, name, of: base) ?? [] { total &+= value.magnitude }
        }
        return total
      }
    }
    return baseKeys.sums ?? []
  }

  /// Amounts a metric adds together must not pass what Int64 cents hold (±92,233,720,368,547,758.07):
  /// a total would wrap and print a believable wrong figure. The running sum of absolute amounts
  /// is checked per family of columns summed together (`sumFamilies`), table by table in
  /// `TableKind` order; the row where it passes the limit is an error at its line, rejected in
  /// lenient mode (issue #15).
  private mutating func checkSums() throws {
    var totals = initialSums()
    for kind in TableKind.allCases where parsed[kind] != nil { try checkSums(of: kind, totals: &totals) }
    if base != nil { appendedSums = totals }
  }

  /// Checks `kind`'s summed columns, continuing each family's running total in `totals` (the
  /// tables of `sumPredecessors` already added). A family's total is updated once its column
  /// passed; the first problem throws (strict) or rejects its row (lenient, the row not added).
  mutating func checkSums(of kind: TableKind, totals: inout [UInt64]) throws {
    for (index, family) in Self.sumFamilies.enumerated() {
      for (member, name) in family where member == kind {
        // Fetched per column: a lenient reject of an earlier family compacts the table.
        guard let table = parsed[kind], let column = table.money(name) else { continue }
        var total = totals[index]
        var problems = RowProblems()
        for row in 0..<column.values.count where column.validity.isValid(row) {
          let (sum, overflow) = total.addingReportingOverflow(column.values[row].magnitude)
          guard overflow || sum > UInt64(Int64.max) else {
            total = sum
            continue
          }
          problems.add(row, table.error(.badAmount, "the amounts add up beyond what arql sums exactly (±92,233,720,368,547,758.07): "
                                          + "a total would be wrong from this row on", row: row, column: name, value: Money.format(column.values[row]),
                                        notes: ["amounts are summed in exact cents; an amount this large is most likely a wrong column or unit"]))
        }
        try apply(problems, to: kind)
        totals[index] = total
      }
    }
  }

  /// The values of a summed column of a built ledger (nulls hold 0).
  private static func summedColumn(_ kind: TableKind, _ name: String, of ledger: Ledger) -> ColumnArray<Int64>? {
    switch (kind, name) {
    case (.invoices, "amount"): return ledger.invoices.amount
    case (.payments, "amount"): return ledger.payments.amount
    case (.exposures, "amount"): return ledger.exposures.amount
    case (.invoices, "net_amount"): return ledger.invoices.netAmount.values
    case (.invoices, "amount_currency"): return ledger.invoices.amountCurrency.values
    case (.disputes, "amount"): return ledger.disputes.amount.values
    case (.promises, "amount"): return ledger.promises.amount
    case (.customers, "credit_limit"): return ledger.customers.creditLimit.values
    default: return nil
    }
  }

  /// Records the ids of rows rejected while parsing, so later references can say why they fail.
  mutating func noteParseRejects(_ kind: TableKind) {
    guard let table = parsed[kind], let source = table.source, let idName = Self.idColumn[kind],
      let fileName = table.fileColumnNames[idName], let field = table.header.firstIndex(of: fileName)
    else { return }
    for reject in table.rejects {
      let strings = source.withBytes { buffer -> [String] in
        guard let p = buffer.baseAddress else { return [] }
        return (try? FieldCursor.strings(p, start: source.starts[reject.record], end: source.ends[reject.record],
                                         delimiter: table.delimiter)) ?? []
      }
      if field < strings.count { rejectedIds[kind, default: [:]][strings[field]] = Self.place(source, record: reject.record) }
    }
  }

  /// Applies a table's problems: throws the first (strict) or rejects the rows (lenient).
  private mutating func apply(_ problems: RowProblems, to kind: TableKind) throws {
    guard !problems.isEmpty, var table = parsed[kind] else { return }
    let rows = problems.firstPerRow
    if !options.lenient {
      var error = rows[0].error
      if rows.count > 1 { error.notes.append("\(rows.count - 1) more row\(rows.count == 2 ? " has" : "s have") errors in \(table.source?.path ?? kind.fileName)") }
      error.notes.append("the load is all-or-nothing; --lenient loads the good rows and writes the bad ones to a reject file")
      throw error
    }
    var keep = [Bool](repeating: true, count: table.count)
    let idName = Self.idColumn[kind]
    for (row, error) in rows {
      keep[row] = false
      table.rejects.append(ParsedTable.Reject(record: Int(table.records[row]), error: error))
      if let idName, let id = table.keyString(idName, row), let source = table.source {
        rejectedIds[kind, default: [:]][id] = Self.place(source, record: Int(table.records[row]))
      }
    }
    table.compact(keeping: keep)
    parsed[kind] = table
    indexCache[kind] = nil
    resolveCache = resolveCache.filter { !$0.key.hasPrefix(kind.rawValue + ".") }
    keyWalks[kind] = nil
  }

  /// Walks a table's ids once (`KeyWalk`): the reference columns resolved against the given
  /// indexes, the id column's order and values. `resolve`, `uniqueIndex`, `idColumn` and
  /// `encodedIds` then take their results from it while the table keeps all its rows.
  private mutating func walkKeys(_ kind: TableKind, references: [(column: String, index: ReferenceIndex)], id: String?,
                                 values: KeyWalk.IdValues = .rows) {
    guard let table = parsed[kind], let source = table.source else { return }
    let walked = references.compactMap { reference in
      table.key(reference.column).map { KeyWalk.Reference(name: reference.column, keys: $0, index: reference.index) }
    }
    let walk = KeyWalk.walk(references: walked, id: id.flatMap { table.key($0) }, values: values, rows: table.count,
                            text: source.bytes, threads: options.threads)
    keyWalks[kind] = (id, walk)
  }

  /// The walk of `kind` when its id column is `name`.
  private func walkedId(_ kind: TableKind, _ name: String) -> KeyWalk? {
    guard let walked = keyWalks[kind], walked.id == name else { return nil }
    return walked.walk
  }

  /// The index of a table's id column; repeated ids are problems (the first row wins).
  private mutating func uniqueIndex(_ kind: TableKind, column name: String, into problems: inout RowProblems) -> ReferenceIndex {
    guard let table = parsed[kind], let keys = table.key(name), let source = table.source else { return ReferenceIndex(ids: []) }
    if let cached = indexCache[kind] { return cached }
    let walk = walkedId(kind, name)
    let increasing = walk.map { $0.order == .strictlyIncreasing } ?? keys.isStrictlyIncreasing(in: source.bytes)
    if kind != .customers && kind != .invoices && increasing {
      return ReferenceIndex(ids: [])  // distinct, and no table refers to these ids
    }
    if increasing, let labels = walk?.labels, labels.count == keys.count, let index = ReferenceIndex.sorted(labels) {
      indexCache[kind] = index
      return index
    }
    let (index, duplicates) = ReferenceIndex.build(keys, text: source.bytes, threads: options.threads)
    if duplicates.isEmpty { indexCache[kind] = index }
    for duplicate in duplicates {
      let id = table.keyString(name, duplicate.row) ?? ""
      let first = source.describe(line: source.line(ofRecord: Int(table.records[duplicate.firstRow])))
      problems.add(duplicate.row, table.error(.duplicateId, "duplicate \(name) '\(id)' (first at \(first))",
                                              row: duplicate.row, column: name, value: id))
    }
    return index
  }

  /// Applies a table's row problems, then finds duplicate ids among the rows left: a row
  /// rejected for another reason (lenient mode) claims no id, so a later valid row with the
  /// same id loads (issue #16 item 4).
  private mutating func apply(_ problems: RowProblems, thenUnique column: String, of kind: TableKind) throws {
    try apply(problems, to: kind)
    var duplicates = RowProblems()
    _ = uniqueIndex(kind, column: column, into: &duplicates)
    try apply(duplicates, to: kind)
    if base != nil { try apply(idsInBase(kind, column: column), to: kind) }
  }

  /// In an append, the ledger's row (receipts: code) of an id given by its bytes.
  private func baseRow(_ kind: TableKind, _ p: UnsafePointer<UInt8>, _ n: Int) -> Int32? {
    base.flatMap { baseKeys.row(kind, p, n, in: $0) }
  }

  /// In an append, the ledger's row (receipts: code) of an id.
  private func baseRow(_ kind: TableKind, _ id: String) -> Int32? {
    base.flatMap { baseKeys.row(kind, id, in: $0) }
  }

  /// In an append, the rows whose id the ledger already has.
  private func idsInBase(_ kind: TableKind, column name: String) -> RowProblems {
    var problems = RowProblems()
    guard let table = parsed[kind], let keys = table.key(name), let source = table.source else { return problems }
    for row in 0..<keys.count where (keys.withBytes(row, in: source.bytes) { baseRow(kind, $0, $1) } ?? nil) != nil {
      let id = keys.string(row, in: source.bytes) ?? ""
      problems.add(row, table.error(.duplicateId, "duplicate \(name) '\(id)': the ledger already has it", row: row, column: name, value: id,
                                    notes: ["an append adds new rows; a row the ledger has is an export appended twice"]))
    }
    return problems
  }

  /// The index of a table's id column once its problem rows are gone.
  private mutating func finalIndex(_ kind: TableKind, column name: String) -> ReferenceIndex {
    var unused = RowProblems()
    return uniqueIndex(kind, column: name, into: &unused)
  }

  /// The values of a table's id column, in row order: labels copied from the file into one
  /// block (`LabelArena`), not a `String` per id. A null id reads as "".
  private func idColumn(_ kind: TableKind, _ name: String) -> DictionaryColumn {
    guard let table = parsed[kind], let keys = table.key(name), let source = table.source else { return .allNull(count: 0) }
    let n = keys.count
    if let walk = walkedId(kind, name), walk.runs == nil, let labels = walk.labels, labels.count == n {
      return DictionaryColumn(codes: ColumnArray((0..<n).map(Int32.init)), dictionary: labels)
    }
    let text = source.bytes
    let labels = LabelArena.labels(count: n, threads: options.threads, length: { row in keys.withBytes(row, in: text) { $1 } ?? 0 },
                                   copy: { row, to in _ = keys.withBytes(row, in: text) { to.update(from: $0, count: $1) } })
    return DictionaryColumn(codes: ColumnArray((0..<n).map(Int32.init)), dictionary: labels)
  }

  /// A key column whose values repeat (receipt ids), dictionary-encoded: from the table's key
  /// walk when the ids were in order (`KeyWalk.IdValues.runs`), else by `ReferenceIndex.encode`.
  private func encodedIds(_ kind: TableKind, _ name: String) -> DictionaryColumn? {
    guard let table = parsed[kind], let keys = table.key(name), let source = table.source else { return nil }
    if let walk = walkedId(kind, name), walk.order != .unsorted, let runs = walk.runs, let labels = walk.labels, runs.count == keys.count {
      return DictionaryColumn(codes: ColumnArray(runs), dictionary: labels)
    }
    return ReferenceIndex.encode(keys, text: source.bytes, threads: options.threads)
  }

  /// Resolves a reference column to row numbers of the referenced table (-1 for null);
  /// unknown ids are problems.
  private mutating func resolve(
    _ kind: TableKind, column name: String, index: ReferenceIndex, target: TableKind, code: LoadError.Code,
    checkUnknown: Bool = true, into problems: inout RowProblems
  ) -> [Int32] {
    guard let table = parsed[kind], let keys = table.key(name), let source = table.source else {
      return [Int32](repeating: -1, count: parsed[kind]?.count ?? 0)
    }
    let cacheKey = "\(kind.rawValue).\(name)"
    if let cached = resolveCache[cacheKey] { return cached }
    var rows = keyWalks[kind]?.walk.resolved.removeValue(forKey: name) ?? index.resolve(keys, text: source.bytes, threads: options.threads)
    if let base {  // new rows come after the ledger's; an id the new rows lack may be the ledger's
      let offset = Int32(base.rowCount(target))
      for row in rows.indices {
        if rows[row] >= 0 {
          rows[row] += offset
        } else if rows[row] == -2, let found = keys.withBytes(row, in: source.bytes, { baseRow(target, $0, $1) }) ?? nil {
          rows[row] = found
        }
      }
    }
    var candidates: [String]? = nil
    var unknown = 0
    defer { if unknown == 0 { resolveCache[cacheKey] = rows } }
    for row in rows.indices where rows[row] == -2 {
      rows[row] = -1
      guard checkUnknown else { continue }
      let id = keys.string(row, in: source.bytes) ?? ""
      var message = "unknown \(target == .customers ? "customer" : "invoice") '\(id)'"
      var notes: [String] = []
      unknown += 1
      if let at = rejectedIds[target]?[id] {
        message += " (its row at \(at) was rejected)"
      } else {
        if unknown <= 20 {  // suggestions cost a scan of the ids: only for the first few
          if candidates == nil { candidates = index.sampleIds(limit: 20_000) }
          if let near = DidYouMean.closest(to: id, among: candidates ?? [], maxDistance: 1) { notes.append("did you mean '\(near)'?") }
        }
        notes.append(base == nil ? "every \(name) must exist in \(target.fileName)"
          : "every \(name) must exist in the ledger or in a \(target.rawValue) file appended with it")
      }
      problems.add(row, table.error(code, message, row: row, column: name, value: id, notes: notes))
    }
    return rows
  }

  private func required<T>(_ value: T?, _ kind: TableKind, _ name: String) throws -> T {
    guard let value else { throw LoadError(.missingColumn, "required column '\(name)' is missing", file: kind.fileName) }
    return value
  }

  /// A text column; all null when the file lacks it.
  private func textColumn(_ kind: TableKind, _ name: String) -> DictionaryColumn {
    var absent: DictionaryColumn?
    return textColumn(kind, name, sharing: &absent)
  }

  /// A text column, or when the file lacks it the all-null column in `absent` (made on first
  /// need): the columns a table lacks share one (a 10M ledger's 40 MB each).
  private func textColumn(_ kind: TableKind, _ name: String, sharing absent: inout DictionaryColumn?) -> DictionaryColumn {
    if let column = parsed[kind]?.text(name) { return column }
    if let absent { return absent }
    let made = DictionaryColumn.allNull(count: parsed[kind]?.count ?? 0)
    absent = made
    return made
  }

  /// An amount column; all null when the file lacks it, its values zero pages (`ColumnArray(zeroed:)`).
  private func moneyColumn(_ kind: TableKind, _ name: String) -> MoneyColumn {
    let n = parsed[kind]?.count ?? 0
    return parsed[kind]?.money(name) ?? MoneyColumn(values: ColumnArray(zeroed: n), validity: .allNull(n))
  }

  /// A date column; all null when the file lacks it, its values zero pages.
  private func dayColumn(_ kind: TableKind, _ name: String) -> DayColumn {
    let n = parsed[kind]?.count ?? 0
    return parsed[kind]?.day(name) ?? DayColumn(values: ColumnArray(zeroed: n), validity: .allNull(n))
  }

  private func extras(_ kind: TableKind) -> [NamedColumn] {
    parsed[kind]?.extras.map { NamedColumn(name: $0.name, column: $0.column) } ?? []
  }

  /// Checks a text column's values against an allowed set (per distinct value, then per row).
  private func checkValues(
    _ kind: TableKind, column name: String, allowed: (String) -> Bool, expected: String, into problems: inout RowProblems
  ) {
    guard let table = parsed[kind], let column = table.text(name) else { return }
    let bad = column.dictionary.map { !allowed($0) }
    guard bad.contains(true) else { return }
    for (row, c) in column.codes.enumerated() where c >= 0 && bad[Int(c)] {
      let value = column.dictionary[Int(c)]
      problems.add(row, table.error(.badValue, "'\(value)' is not a valid \(name)", row: row, column: name, value: value,
                                    notes: ["expected \(expected)"]))
    }
  }

  // MARK: - Tables

  mutating func buildCustomers() throws -> (CustomerTable, ReferenceIndex) {
    if let base {  // an append: the ledger's customers, and those the new rows add
      guard parsed[.customers] != nil else {
        guard !base.customers.declared else { return (base.customers, ReferenceIndex(ids: [])) }
        let added = implicitCustomerIds().filter { baseRow(.customers, $0) == nil }
        return (base.customers.appending(ids: added, names: added.map { _ in "" }), ReferenceIndex(ids: added))
      }
      guard base.customers.declared else {
        throw LoadError(.badMapping, "the ledger has no customers.csv: its customers are the ids its rows name, and customers cannot be appended to it",
                        file: parsed[.customers]?.source?.path ?? TableKind.customers.fileName,
                        notes: ["add a customers.csv to the ledger folder and load it again"])
      }
    }
    guard parsed[.customers] != nil else {
      let ids = implicitCustomerIds()
      return (CustomerTable.implicit(ids: ids), ReferenceIndex(ids: ids))
    }
    walkKeys(.customers, references: [], id: "customer_id")
    var problems = RowProblems()
    if let table = parsed[.customers] {
      if let limit = table.money("credit_limit") {
        for row in 0..<table.count where limit.validity.isValid(row) && limit.values[row] < 0 {
          problems.add(row, table.error(.badValue, "a credit limit cannot be negative", row: row, column: "credit_limit",
                                        value: Money.format(limit.values[row])))
        }
      }
      // Terms codes (30J, 45JFDM, ...) in an extra column: every one must read.
      if let codes = table.extras.first(where: { PaymentTerms.columnNames.contains($0.name.lowercased()) }) {
        let readable = codes.column.dictionary.map { PaymentTerms(code: $0) != nil || $0.trimmingSpaces.isEmpty }
        for row in 0..<table.count where codes.column.codes[row] >= 0 && !readable[Int(codes.column.codes[row])] {
          problems.add(row, table.error(.badValue, "'\(codes.column.dictionary[Int(codes.column.codes[row])])' is not a payment-terms code",
                                        row: row, column: codes.name, value: codes.column.dictionary[Int(codes.column.codes[row])],
                                        notes: ["codes: " + PaymentTerms.examples]))
        }
      }
      if let terms = table.integer("payment_terms_days") {
        for row in 0..<table.count where terms.validity.isValid(row) && !(0...3650).contains(terms.values[row]) {
          problems.add(row, table.error(.badValue, "payment terms must be between 0 and 3650 days", row: row,
                                        column: "payment_terms_days", value: String(terms.values[row])))
        }
      }
    }
    try apply(problems, thenUnique: "customer_id", of: .customers)
    let table = try required(parsed[.customers], .customers, "customer_id")
    let n = table.count
    var customers = CustomerTable(
      id: idColumn(.customers, "customer_id"), name: textColumn(.customers, "name"), division: textColumn(.customers, "division"),
      salesRep: textColumn(.customers, "sales_rep"), collector: textColumn(.customers, "collector"),
      category: textColumn(.customers, "category"), country: textColumn(.customers, "country"),
      creditLimit: moneyColumn(.customers, "credit_limit"),
      paymentTermsDays: table.integer("payment_terms_days") ?? IntColumn(values: [Int64](repeating: 0, count: n), validity: .allNull(n)),
      extras: extras(.customers), declared: true)
    if let base { return (base.customers.appending(customers), finalIndex(.customers, column: "customer_id")) }
    // A FEC's customers that customers.csv lacks are added with their FEC names.
    // Without a FEC there is none to add: no set of every customer id is made.
    let declaredIds = supplementalCustomers.isEmpty ? [] : Set(customers.id.dictionary)
    let missing = supplementalCustomers.filter { !declaredIds.contains($0.id) }
    guard !missing.isEmpty else { return (customers, finalIndex(.customers, column: "customer_id").over(customers.id.dictionary)) }
    customers = customers.appending(ids: missing.map(\.id), names: missing.map(\.name))
    parsed[.customers]?.notes.append("\(missing.count) customer\(missing.count == 1 ? "" : "s") of the FEC not in customers.csv: "
      + "added with their FEC names, without limit or terms (first: \(missing[0].id))")
    return (customers, ReferenceIndex(ids: customers.id.dictionary))
  }

  /// Customer ids in order of first use, for a ledger without customers.csv.
  private func implicitCustomerIds() -> [String] {
    var seen = ByteInterner(capacity: 1024)
    var ids: [String] = []
    for kind in [TableKind.invoices, .payments, .actions, .promises, .exposures, .surveys] {
      guard let table = parsed[kind], let keys = table.key("customer_id"), let source = table.source else { continue }
      for row in 0..<keys.count {
        keys.withBytes(row, in: source.bytes) { p, n in
          let before = seen.count
          if Int(seen.intern(p, n)) == before { ids.append(String(decoding: UnsafeBufferPointer(start: p, count: n), as: UTF8.self)) }
        }
      }
    }
    return ids
  }

  mutating func buildInvoices(customers: CustomerTable, customerIndex: ReferenceIndex) throws -> (InvoiceTable, ReferenceIndex) {
    guard parsed[.invoices] != nil else {
      if base != nil { return (Ledger.empty.invoices, ReferenceIndex(ids: [])) }  // an append without documents
      throw LoadError(.fileNotFound, "the ledger has no invoices table (invoices.csv)", file: TableKind.invoices.fileName)
    }
    walkKeys(.invoices, references: [("customer_id", customerIndex)], id: "invoice_id")
    // Pass 1: row rules that do not depend on other invoices.
    var problems = RowProblems()
    _ = resolve(.invoices, column: "customer_id", index: customerIndex, target: .customers, code: .unknownCustomer, into: &problems)
    checkValues(.invoices, column: "doc_type", allowed: { DocType(code: $0) != nil }, expected: "INV, DN, CN, WO, ADJ, REF or OB",
                into: &problems)
    if let table = parsed[.invoices], let amount = table.money("amount") {
      let types = table.text("doc_type")
      let typeOfCode = types?.dictionary.map { DocType(code: $0) } ?? []
      for row in 0..<table.count where amount.values[row] < 0 {
        let code = types?.codes[row] ?? -1
        guard code >= 0, let type = typeOfCode[Int(code)] else { continue }
        if type.isAlwaysDebit {
          problems.add(row, table.error(
            .badValue, "an \(type.code) document cannot have a negative amount", row: row, column: "amount",
            value: Money.format(amount.values[row]), notes: ["credit notes are doc_type CN; refunds to the customer are REF"]))
        }
      }
    }
    try apply(problems, thenUnique: "invoice_id", of: .invoices)
    // Pass 2: applies_to, which may point at a row rejected above; repeat until nothing new is rejected.
    while true {
      let table = try required(parsed[.invoices], .invoices, "invoice_id")
      guard table.key("applies_to") != nil else { break }
      let index = finalIndex(.invoices, column: "invoice_id")
      var problems = RowProblems()
      let targets = resolve(.invoices, column: "applies_to", index: index, target: .invoices, code: .unknownInvoice, into: &problems)
      let types = table.text("doc_type")
      let typeOfCode = types?.dictionary.map { DocType(code: $0) } ?? []
      // Rows are numbered after the ledger's in an append; a target may be one of its documents.
      let offset = base?.invoices.count ?? 0
      func targetOf(_ document: Int) -> Int32 { document < offset ? base?.invoices.appliesTo[document] ?? -1 : targets[document - offset] }
      func idOf(_ document: Int) -> String? {
        document < offset ? base?.invoices.id[document] : table.keyString("invoice_id", document - offset)
      }
      for row in 0..<table.count where targets[row] >= 0 {
        let code = types?.codes[row] ?? -1
        let type = code >= 0 ? (typeOfCode[Int(code)] ?? .invoice) : .invoice
        let target = Int(targets[row])
        if target == row + offset {
          problems.add(row, table.error(.inconsistentRow, "a document cannot apply to itself", row: row, column: "applies_to",
                                        value: table.keyString("invoice_id", row)))
        } else if targetOf(target) >= 0 {
          // A chain (CN1 → CN2 → I1) or a cycle (CN1 → CN2 → CN1): the target settles something itself.
          problems.add(row, table.error(
            .inconsistentRow, "applies to \(idOf(target) ?? "a document"), which itself applies to "
              + "\(idOf(Int(targetOf(target))) ?? "another"): a credit applies to the debit it settles", row: row, column: "applies_to",
            value: table.keyString("applies_to", row), notes: ["name the invoice or debit note itself in applies_to"]))
        } else if !type.canApply && types?[row] != nil {
          problems.add(row, table.error(.inconsistentRow, "only CN, WO and ADJ documents can apply to another document",
                                        row: row, column: "applies_to", value: table.keyString("applies_to", row)))
        }
      }
      if problems.isEmpty { break }
      try apply(problems, to: .invoices)
    }
    // The built table takes the amounts out of the parsed one, their only holder then, so the
    // credits' signs are written in place instead of into a copy of every amount.
    var amount = try required(parsed[.invoices]?.removeMoney("amount"), .invoices, "amount").values
    let table = try required(parsed[.invoices], .invoices, "invoice_id")
    let n = table.count
    var unused = RowProblems()
    let customer = resolve(.invoices, column: "customer_id", index: customerIndex, target: .customers, code: .unknownCustomer,
                           into: &unused)
    let index = finalIndex(.invoices, column: "invoice_id")
    let appliesTo = resolve(.invoices, column: "applies_to", index: index, target: .invoices, code: .unknownInvoice, into: &unused)
    let typeColumn = table.text("doc_type")
    let typeOfCode = typeColumn?.dictionary.map { DocType(code: $0) } ?? []
    var docType = [DocType](repeating: .invoice, count: n)
    for row in 0..<n {
      let code = typeColumn?.codes[row] ?? -1
      if code >= 0, let type = typeOfCode[Int(code)] {
        docType[row] = type
      } else if amount[row] < 0 {
        docType[row] = .creditNote  // no type given: the sign decides
      }
      if docType[row].isAlwaysCredit && amount[row] > 0 { amount[row] = -amount[row] }
    }
    let docDate = try required(table.day("doc_date"), .invoices, "doc_date").values
    // A date every row gives is taken as it is, and an absent posting date is the document's:
    // the same memory, not a copy of ten million dates.
    let postingDate: ColumnArray<Int32>
    switch table.day("posting_date") {
    case let column? where column.validity.nullCount == 0: postingDate = column.values
    case let column? where column.validity.nullCount < n: postingDate = ColumnArray((0..<n).map { column[$0] ?? docDate[$0] })
    default: postingDate = docDate
    }
    let dueColumn = table.day("due_date")
    var defaulted = BoolColumn(count: n)
    let dueDate: ColumnArray<Int32>
    if let dueColumn, dueColumn.validity.nullCount == 0 {
      dueDate = dueColumn.values
    } else {
      var due = ColumnArray<Int32>(zeroed: n)
      let codes = PaymentTerms.perCustomer(customers)
      for row in 0..<n {
        if let given = dueColumn?[row] {
          due[row] = given
        } else {
          let c = Int(customer[row])
          if c >= 0, c < codes.count, let code = codes[c] {
            due[row] = code.due(docDate[row], rule: options.endOfMonthRule)
          } else {
            let terms = c >= 0 ? customers.paymentTermsDays[c] : nil
            due[row] = docDate[row] + Int32(terms ?? Int64(options.defaultTermsDays))
          }
          defaulted[row] = true
        }
      }
      dueDate = due
    }
    var none: DictionaryColumn?
    let invoices = InvoiceTable(
      id: idColumn(.invoices, "invoice_id"), customer: ColumnArray(customer), docType: ColumnArray(docType), docDate: ColumnArray(docDate),
      postingDate: ColumnArray(postingDate), dueDate: ColumnArray(dueDate), dueDateDefaulted: defaulted, amount: ColumnArray(amount),
      currency: textColumn(.invoices, "currency", sharing: &none), amountCurrency: moneyColumn(.invoices, "amount_currency"),
      appliesTo: ColumnArray(appliesTo), division: textColumn(.invoices, "division", sharing: &none),
      salesRep: textColumn(.invoices, "sales_rep", sharing: &none), collector: textColumn(.invoices, "collector", sharing: &none),
      netAmount: moneyColumn(.invoices, "net_amount"), status: textColumn(.invoices, "status", sharing: &none), extras: extras(.invoices))
    return (invoices, index.over(invoices.id.dictionary))
  }

  /// A payment_id repeats on the lines of one receipt split over several invoices (or paid in
  /// parts); the same line twice — id, invoice, date and amount — is an export read twice and
  /// would count the cash twice (issue #16 item 6). Only ids seen more than once are compared.
  /// - Returns: the encoded payment ids when no line was dropped (the table's id column, encoded once).
  private mutating func rejectRepeatedPaymentLines(invoiceIndex: ReferenceIndex) throws -> DictionaryColumn? {
    guard let table = parsed[.payments], let source = table.source, let dates = table.day("payment_date"),
      let amounts = table.money("amount"), let ids = encodedIds(.payments, "payment_id")
    else { return nil }
    var count = [Int32](repeating: 0, count: ids.dictionary.count)
    for code in ids.codes where code >= 0 { count[Int(code)] += 1 }
    // In an append, a receipt id the ledger has: its lines there count as earlier lines.
    var baseCode: [Int32: Int32] = [:]
    if base != nil {
      for (code, id) in ids.dictionary.enumerated() {
        if let inBase = baseRow(.payments, id) { baseCode[inBase] = Int32(code) }
      }
    }
    guard count.contains(where: { $0 > 1 }) || !baseCode.isEmpty else { return ids }
    var unused = RowProblems()
    let invoices = resolve(.payments, column: "invoice_id", index: invoiceIndex, target: .invoices, code: .unknownInvoice, into: &unused)
    struct Line: Hashable {
      let id: Int32
      let invoice: Int32
      let date: Int32
      let amount: Int64
    }
    var first: [Line: Int] = [:]  // the earlier row, or −(line + 1) for a line of the ledger
    if let cash = base?.payments, !baseCode.isEmpty {
      // One pass over the ledger's receipt codes against a mask; only the repeated ids are looked up.
      var repeatsId = [Bool](repeating: false, count: cash.paymentId.dictionary.count)
      for code in baseCode.keys where Int(code) < repeatsId.count { repeatsId[Int(code)] = true }
      cash.paymentId.codes.withUnsafeBufferPointer { codes in
        for line in 0..<codes.count where codes[line] >= 0 && repeatsId[Int(codes[line])] {
          guard let code = baseCode[codes[line]] else { continue }
          count[Int(code)] += 1
          first[Line(id: code, invoice: cash.invoice[line], date: cash.paymentDate[line], amount: cash.amount[line])] = -(line + 1)
        }
      }
    }
    var repeated = RowProblems()
    for row in 0..<ids.codes.count {
      let code = ids.codes[row]
      guard code >= 0, count[Int(code)] > 1 else { continue }
      let line = Line(id: code, invoice: invoices[row], date: dates.values[row], amount: amounts.values[row])
      guard let earlier = first[line] else {
        first[line] = row
        continue
      }
      let id = ids.dictionary[Int(code)]
      let place = earlier < 0 ? "a line the ledger already has (\(Day.iso(line.date)), \(Money.format(line.amount)))"
        : source.describe(line: source.line(ofRecord: Int(table.records[earlier])))
      repeated.add(row, table.error(
        .duplicateId, "payment line repeated: payment_id '\(id)' with the same invoice, date and amount as " + place,
        row: row, column: "payment_id", value: id,
        notes: ["a receipt split over several invoices repeats its payment_id with different invoices or amounts; the same line twice "
          + "would count the cash twice"]))
    }
    guard !repeated.isEmpty else { return ids }
    try apply(repeated, to: .payments)
    return nil
  }

  mutating func buildPayments(customerIndex: ReferenceIndex, invoiceIndex: ReferenceIndex) throws -> PaymentTable {
    guard parsed[.payments] != nil else {
      return PaymentTable(paymentId: .allNull(count: 0), customer: [], paymentDate: [], amount: [], invoice: [],
                          matchDate: DayColumn(values: []), matchMethod: .allNull(count: 0), user: .allNull(count: 0), extras: [])
    }
    walkKeys(.payments, references: [("customer_id", customerIndex), ("invoice_id", invoiceIndex)], id: "payment_id", values: .runs)
    var problems = RowProblems()
    _ = resolve(.payments, column: "customer_id", index: customerIndex, target: .customers, code: .unknownCustomer, into: &problems)
    _ = resolve(.payments, column: "invoice_id", index: invoiceIndex, target: .invoices, code: .unknownInvoice, into: &problems)
    checkValues(.payments, column: "match_method", allowed: { ["auto", "manual"].contains($0.lowercased()) },
                expected: "auto or manual", into: &problems)
    if let table = parsed[.payments], let amount = table.money("amount") {
      for row in 0..<table.count where amount.values[row] <= 0 {
        problems.add(row, table.error(.badValue, "a payment amount must be positive", row: row, column: "amount",
                                      value: Money.format(amount.values[row]),
                                      notes: ["refunds to the customer are invoices.csv documents of type REF"]))
      }
    }
    try apply(problems, to: .payments)
    let encodedIds = try rejectRepeatedPaymentLines(invoiceIndex: invoiceIndex)
    let table = try required(parsed[.payments], .payments, "payment_id")
    var unused = RowProblems()
    return PaymentTable(
      paymentId: try required(encodedIds ?? self.encodedIds(.payments, "payment_id"), .payments, "payment_id"),
      customer: ColumnArray(resolve(.payments, column: "customer_id", index: customerIndex, target: .customers, code: .unknownCustomer, into: &unused)),
      paymentDate: try required(table.day("payment_date"), .payments, "payment_date").values,
      amount: try required(table.money("amount"), .payments, "amount").values,
      invoice: ColumnArray(resolve(.payments, column: "invoice_id", index: invoiceIndex, target: .invoices, code: .unknownInvoice, into: &unused)),
      matchDate: dayColumn(.payments, "match_date"), matchMethod: textColumn(.payments, "match_method").recoded(["Auto": "auto", "AUTO": "auto", "Manual": "manual", "MANUAL": "manual"]),
      user: textColumn(.payments, "user"), extras: extras(.payments))
  }

  mutating func buildDisputes(invoiceIndex: ReferenceIndex) throws -> DisputeTable {
    guard parsed[.disputes] != nil else {
      return DisputeTable(id: .allNull(count: 0), invoice: [], reason: .allNull(count: 0), opened: [], resolved: DayColumn(values: []),
                          amount: MoneyColumn(values: []), outcome: .allNull(count: 0), owner: .allNull(count: 0), extras: [])
    }
    walkKeys(.disputes, references: [("invoice_id", invoiceIndex)], id: "dispute_id")
    var problems = RowProblems()
    _ = resolve(.disputes, column: "invoice_id", index: invoiceIndex, target: .invoices, code: .unknownInvoice, into: &problems)
    if let table = parsed[.disputes], let opened = table.day("opened") {
      let resolved = table.day("resolved")
      let amount = table.money("amount")
      for row in 0..<table.count {
        if let r = resolved?[row], r < opened.values[row] {
          problems.add(row, table.error(.inconsistentRow, "resolved (\(Day.iso(r))) is before opened (\(Day.iso(opened.values[row])))",
                                        row: row, column: "resolved", value: Day.iso(r)))
        }
        if let a = amount?[row], a <= 0 {
          problems.add(row, table.error(.badValue, "a disputed amount must be positive", row: row, column: "amount", value: Money.format(a)))
        }
      }
    }
    try apply(problems, thenUnique: "dispute_id", of: .disputes)
    let table = try required(parsed[.disputes], .disputes, "dispute_id")
    var unused = RowProblems()
    return DisputeTable(
      id: idColumn(.disputes, "dispute_id"),
      invoice: ColumnArray(resolve(.disputes, column: "invoice_id", index: invoiceIndex, target: .invoices, code: .unknownInvoice, into: &unused)),
      reason: textColumn(.disputes, "reason"), opened: try required(table.day("opened"), .disputes, "opened").values,
      resolved: dayColumn(.disputes, "resolved"), amount: moneyColumn(.disputes, "amount"), outcome: textColumn(.disputes, "outcome"),
      owner: textColumn(.disputes, "owner"), extras: extras(.disputes))
  }

  mutating func buildActions(customerIndex: ReferenceIndex, invoiceIndex: ReferenceIndex) throws -> ActionTable {
    guard parsed[.actions] != nil else {
      return ActionTable(id: .allNull(count: 0), customer: [], invoice: [], agent: .allNull(count: 0), type: .allNull(count: 0),
                         date: [], outcome: .allNull(count: 0), extras: [])
    }
    walkKeys(.actions, references: [("customer_id", customerIndex), ("invoice_id", invoiceIndex)], id: "action_id")
    var problems = RowProblems()
    _ = resolve(.actions, column: "customer_id", index: customerIndex, target: .customers, code: .unknownCustomer, into: &problems)
    _ = resolve(.actions, column: "invoice_id", index: invoiceIndex, target: .invoices, code: .unknownInvoice, into: &problems)
    try apply(problems, thenUnique: "action_id", of: .actions)
    let table = try required(parsed[.actions], .actions, "action_id")
    var unused = RowProblems()
    return ActionTable(
      id: idColumn(.actions, "action_id"),
      customer: ColumnArray(resolve(.actions, column: "customer_id", index: customerIndex, target: .customers, code: .unknownCustomer, into: &unused)),
      invoice: ColumnArray(resolve(.actions, column: "invoice_id", index: invoiceIndex, target: .invoices, code: .unknownInvoice, into: &unused)),
      agent: textColumn(.actions, "agent"), type: textColumn(.actions, "type"),
      date: try required(table.day("date"), .actions, "date").values, outcome: textColumn(.actions, "outcome"), extras: extras(.actions))
  }

  mutating func buildPromises(customerIndex: ReferenceIndex, invoiceIndex: ReferenceIndex) throws -> PromiseTable {
    guard parsed[.promises] != nil else {
      return PromiseTable(id: .allNull(count: 0), customer: [], invoice: [], amount: [], promisedDate: [], created: [],
                          cancelled: BoolColumn(count: 0), status: .allNull(count: 0), extras: [])
    }
    walkKeys(.promises, references: [("customer_id", customerIndex), ("invoice_id", invoiceIndex)], id: "promise_id")
    var problems = RowProblems()
    _ = resolve(.promises, column: "customer_id", index: customerIndex, target: .customers, code: .unknownCustomer, into: &problems)
    _ = resolve(.promises, column: "invoice_id", index: invoiceIndex, target: .invoices, code: .unknownInvoice, into: &problems)
    checkValues(.promises, column: "status", allowed: { ["cancelled", "canceled", "open", "pending"].contains($0.lowercased()) },
                expected: "cancelled (or empty)", into: &problems)
    if let table = parsed[.promises], let amount = table.money("amount"), let promised = table.day("promised_date"),
      let created = table.day("created")
    {
      for row in 0..<table.count {
        if amount.values[row] <= 0 {
          problems.add(row, table.error(.badValue, "a promised amount must be positive", row: row, column: "amount",
                                        value: Money.format(amount.values[row])))
        } else if promised.values[row] < created.values[row] {
          problems.add(row, table.error(.inconsistentRow, "promised_date is before the promise was created (\(Day.iso(created.values[row])))",
                                        row: row, column: "promised_date", value: Day.iso(promised.values[row])))
        }
      }
    }
    try apply(problems, thenUnique: "promise_id", of: .promises)
    let table = try required(parsed[.promises], .promises, "promise_id")
    var unused = RowProblems()
    let status = textColumn(.promises, "status")
    var cancelled = BoolColumn(count: table.count)
    for row in 0..<table.count where ["cancelled", "canceled"].contains(status[row]?.lowercased() ?? "") { cancelled[row] = true }
    return PromiseTable(
      id: idColumn(.promises, "promise_id"),
      customer: ColumnArray(resolve(.promises, column: "customer_id", index: customerIndex, target: .customers, code: .unknownCustomer, into: &unused)),
      invoice: ColumnArray(resolve(.promises, column: "invoice_id", index: invoiceIndex, target: .invoices, code: .unknownInvoice, into: &unused)),
      amount: try required(table.money("amount"), .promises, "amount").values,
      promisedDate: try required(table.day("promised_date"), .promises, "promised_date").values,
      created: try required(table.day("created"), .promises, "created").values, cancelled: cancelled, status: status,
      extras: extras(.promises))
  }

  mutating func buildExposures(customerIndex: ReferenceIndex) throws -> ExposureTable {
    guard parsed[.exposures] != nil else { return ExposureTable(customer: [], kind: [], amount: [], date: [], extras: []) }
    var problems = RowProblems()
    _ = resolve(.exposures, column: "customer_id", index: customerIndex, target: .customers, code: .unknownCustomer, into: &problems)
    checkValues(.exposures, column: "kind", allowed: { ExposureTable.Kind(code: $0) != nil }, expected: "EENE, ORDERS or DNI",
                into: &problems)
    try apply(problems, to: .exposures)
    let table = try required(parsed[.exposures], .exposures, "customer_id")
    var unused = RowProblems()
    let kinds = textColumn(.exposures, "kind")
    return ExposureTable(
      customer: ColumnArray(resolve(.exposures, column: "customer_id", index: customerIndex, target: .customers, code: .unknownCustomer, into: &unused)),
      kind: ColumnArray((0..<table.count).map { kinds[$0].flatMap(ExposureTable.Kind.init(code:)) ?? .openOrders }),
      amount: try required(table.money("amount"), .exposures, "amount").values,
      date: try required(table.day("date"), .exposures, "date").values, extras: extras(.exposures))
  }

  mutating func buildSurveys(customerIndex: ReferenceIndex) throws -> SurveyTable {
    guard parsed[.surveys] != nil else { return SurveyTable(date: [], customer: [], agent: .allNull(count: 0), score: [], extras: []) }
    var problems = RowProblems()
    _ = resolve(.surveys, column: "customer_id", index: customerIndex, target: .customers, code: .unknownCustomer, into: &problems)
    if let table = parsed[.surveys], let score = table.integer("score") {
      for row in 0..<table.count where !(1...5).contains(score.values[row]) {
        problems.add(row, table.error(.badValue, "a survey score must be between 1 and 5", row: row, column: "score",
                                      value: String(score.values[row])))
      }
    }
    try apply(problems, to: .surveys)
    let table = try required(parsed[.surveys], .surveys, "score")
    var unused = RowProblems()
    return SurveyTable(
      date: try required(table.day("date"), .surveys, "date").values,
      customer: ColumnArray(resolve(.surveys, column: "customer_id", index: customerIndex, target: .customers, code: .unknownCustomer, into: &unused)),
      agent: textColumn(.surveys, "agent"), score: ColumnArray(try required(table.integer("score"), .surveys, "score").values.map { Int8(clamping: $0) }),
      extras: extras(.surveys))
  }

  /// The parsed tables after building, with their rejects (for the report and reject files).
  var parsedTables: [TableKind: ParsedTable] { parsed }
}
