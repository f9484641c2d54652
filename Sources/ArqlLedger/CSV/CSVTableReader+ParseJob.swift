extension CSVTableReader {
  /// The inputs of one worker, shared read-only across threads; each worker writes only its rows.
  ///
  /// A worker takes its rows a block at a time: `RecordSplitter` puts the block's fields in
  /// column order, then each column is typed in one loop of its own. A row keeps one problem,
  /// the one at its earliest field, as when the fields are read left to right and the row is
  /// dropped at its first problem: a column's loop skips rows that failed at an earlier field,
  /// and the columns are typed in the order of their fields.
  struct ParseJob: @unchecked Sendable {
    /// The text, whose pages each worker drops behind the rows it has typed.
    let source: SourceText
    let p: UnsafePointer<UInt8>
    let starts: [Int]
    let ends: [Int]
    let fieldPlan: [Int]
    /// The next plan that reads the same field (-1: none).
    let nextPlan: [Int]
    let specs: [ColumnSpec]
    let delimiter: UInt8
    let formats: Formats
    let raw: RawColumns
    let pointers: ColumnPointers
    let rejected: UnsafeMutablePointer<UInt8>
    /// Records a mapping's conditions leave out: not read.
    let skip: [Bool]?

    /// Records per block: the block's field slots stay in the second-level cache.
    static let blockRows = 256

    /// A block's rows that failed: the field each failed at and the problem. A row is typed at
    /// field `f` only while `at[row] > f`.
    struct Failures {
      static let none = Int32.max
      /// Skipped by the mapping's conditions: no field is read, and the row is not rejected.
      static let skipped = Int32(-1)
      let at: UnsafeMutablePointer<Int32>
      /// The problem of each failed row; nil for the others.
      var issues: [Issue?]

      init(capacity: Int) {
        at = .allocate(capacity: capacity)
        issues = [Issue?](repeating: nil, count: capacity)
      }

      func deallocate() { at.deallocate() }

      /// Row `r` fails at `field` (earlier than any problem it had).
      @inline(__always)
      mutating func fail(_ r: Int, at field: Int32, _ issue: Issue) {
        at[r] = field
        issues[r] = issue
      }
    }

    /// What a worker keeps from block to block.
    struct WorkerState {
      var scratch: [UInt8] = []
      var interners: [ByteInterner]
      var escaped: [[Int: [UInt8]]]
      /// Per text column, the previous value's place and code: a value equal to it (a currency,
      /// a collector over a customer's rows) takes the code without being hashed.
      var lastStart: [Int]
      var lastCount: [Int]
      var lastCode: [Int32]
      /// Stands in an interner's place while a column's loop holds it.
      let placeholder = ByteInterner(capacity: 1)
    }

    func run(thread: Int, rows: Range<Int>) {
      var issues: [Issue] = []
      var issueCount = 0
      let keepAll = formats.lenient
      func report(_ issue: Issue) {
        issueCount += 1
        if keepAll || issues.count < 8 { issues.append(issue) }
      }
      var state = WorkerState(
        interners: specs.map { spec in spec.type == .text ? ByteInterner(capacity: 4096) : ByteInterner(capacity: 1) },
        escaped: [[Int: [UInt8]]](repeating: [:], count: specs.count),
        lastStart: [Int](repeating: 0, count: specs.count), lastCount: [Int](repeating: -1, count: specs.count),
        lastCode: [Int32](repeating: -1, count: specs.count))
      state.scratch.reserveCapacity(256)
      // The plans in the order of their fields; a field's slot in the splitter.
      var order: [(plan: Int, field: Int32, slot: Int)] = []
      var slotOfField = [Int](repeating: -1, count: fieldPlan.count)
      for (field, first) in fieldPlan.enumerated() where first >= 0 {
        slotOfField[field] = order.isEmpty ? 0 : order[order.count - 1].slot + 1
        var plan = first
        while plan >= 0 {
          order.append((plan, Int32(field), slotOfField[field]))
          plan = nextPlan[plan]
        }
      }
      let capacity = ParseJob.blockRows
      let splitter = RecordSplitter(capacity: capacity, delimiter: delimiter, slotOfField: slotOfField)
      var failures = Failures(capacity: capacity)
      defer {
        splitter.deallocate()
        failures.deallocate()
      }
      let failedAt = failures.at
      let fieldCount = fieldPlan.count
      fillDefaults(rows)
      var pages = SourceText.PageRelease(source, from: rows.isEmpty ? 0 : starts[rows.lowerBound + 1])
      defer { if !rows.isEmpty { source.releasePages(from: pages.released, to: ends[rows.upperBound]) } }
      var block = rows.lowerBound
      while block < rows.upperBound {
        let count = min(capacity, rows.upperBound - block)
        pages.passed(starts[block + 1])
        for r in 0..<count {
          let row = block + r
          if let skip, skip[row] {
            failedAt[r] = Failures.skipped
            continue
          }
          failedAt[r] = Failures.none
          let record = row + 1
          let split = splitter.split(p, start: starts[record], end: ends[record], row: r)
          if let failure = split.failure {
            failures.fail(r, at: Int32(split.fields), quoteIssue(failure, record: record))
          } else if split.fields != fieldCount {
            // Too few: the fields it has are typed first. Too many: every field is typed first.
            failures.fail(r, at: Int32(min(split.fields, fieldCount)), Issue(
              record: record, code: .fieldCount, message: "expected \(fieldCount) fields but the row has \(split.fields)",
              plan: -1, offset: starts[record], width: ends[record] - starts[record], value: nil,
              notes: split.fields > fieldCount ? ["a value holding the delimiter must be quoted: \"1,5\""] : []))
          }
        }
        for step in order {
          let typed = BlockColumn(
            plan: step.plan, field: step.field, first: block, count: count,
            starts: splitter.starts + step.slot * splitter.stride, counts: splitter.counts + step.slot * splitter.stride)
          switch specs[step.plan].type {
          case .money: typeMoney(typed, &failures, &state)
          case .integer: typeInteger(typed, &failures, &state)
          case .day: typeDay(typed, &failures, &state)
          case .text: typeText(typed, &failures, &state)
          case .key: typeKey(typed, &failures, &state)
          }
        }
        for r in 0..<count {
          guard let issue = failures.issues[r] else { continue }
          rejected[block + r] = 1
          report(issue)
          failures.issues[r] = nil
        }
        block += count
      }
      raw.results[thread] = WorkerResult(interners: state.interners, escaped: state.escaped, issues: issues, issueCount: issueCount)
    }

    /// One column of one block: its plan, the field it reads and where the block's texts are.
    struct BlockColumn {
      let plan: Int
      let field: Int32
      /// The block's first row.
      let first: Int
      let count: Int
      let starts: UnsafeMutablePointer<Int>
      let counts: UnsafeMutablePointer<Int32>

      func field(_ r: Int) -> FieldCursor.Field {
        let n = counts[r]
        return FieldCursor.Field(start: starts[r], count: Int(n < 0 ? ~n : n), escaped: n < 0)
      }
    }

    /// A row whose field is empty (null, or a problem when the column is required) or holds
    /// doubled quotes (a problem: only text and ids may), for a column that is not text.
    @inline(never)
    private func emptyOrEscaped(_ column: BlockColumn, _ r: Int, _ failures: inout Failures, _ state: inout WorkerState) {
      if column.counts[r] == 0 {
        if specs[column.plan].required { failures.fail(r, at: column.field, missingIssue(column, r)) }
        return
      }
      let field = column.field(r)
      FieldCursor.unescape(p, field, into: &state.scratch)
      failures.fail(r, at: column.field, badValue(specs[column.plan], record: column.first + r + 1, plan: column.plan, field: field,
                                                  text: String(decoding: state.scratch, as: UTF8.self)))
    }

    private func missingIssue(_ column: BlockColumn, _ r: Int) -> Issue {
      Issue(record: column.first + r + 1, code: .missingValue, message: "missing value for required column", plan: column.plan,
            offset: column.starts[r], width: 1, value: "", notes: [])
    }

    private func typeMoney(_ column: BlockColumn, _ failures: inout Failures, _ state: inout WorkerState) {
      let values = pointers.int64[column.plan].unsafelyUnwrapped + column.first
      let nullFlags = pointers.nulls[column.plan].unsafelyUnwrapped + column.first
      let number = formats.number
      for r in 0..<column.count where failures.at[r] > column.field {
        if column.counts[r] <= 0 {
          emptyOrEscaped(column, r, &failures, &state)
          continue
        }
        switch number.parseCents(p + column.starts[r], Int(column.counts[r])) {
        case .success(let cents):
          values[r] = cents
          nullFlags[r] = 0
        case .failure(let failure):
          failures.fail(r, at: column.field, moneyIssue(failure, record: column.first + r + 1, plan: column.plan, field: column.field(r)))
        }
      }
    }

    private func typeInteger(_ column: BlockColumn, _ failures: inout Failures, _ state: inout WorkerState) {
      let values = pointers.int64[column.plan].unsafelyUnwrapped + column.first
      let nullFlags = pointers.nulls[column.plan].unsafelyUnwrapped + column.first
      for r in 0..<column.count where failures.at[r] > column.field {
        if column.counts[r] <= 0 {
          emptyOrEscaped(column, r, &failures, &state)
          continue
        }
        let (start, count) = (p + column.starts[r], Int(column.counts[r]))
        if let value = NumberFormat.parseInteger(start, count) {
          values[r] = value
          nullFlags[r] = 0
        } else {
          failures.fail(r, at: column.field, Issue(
            record: column.first + r + 1, code: .badInteger, message: "'\(text(start, count))' is not a whole number",
            plan: column.plan, offset: column.starts[r], width: count, value: text(start, count), notes: []))
        }
      }
    }

    private func typeDay(_ column: BlockColumn, _ failures: inout Failures, _ state: inout WorkerState) {
      let values = pointers.int32[column.plan].unsafelyUnwrapped + column.first
      let nullFlags = pointers.nulls[column.plan].unsafelyUnwrapped + column.first
      let date = formats.date
      @inline(__always)
      func typeAll(_ parse: (UnsafePointer<UInt8>, Int) -> Int32?) {
        for r in 0..<column.count where failures.at[r] > column.field {
          if column.counts[r] <= 0 {
            emptyOrEscaped(column, r, &failures, &state)
            continue
          }
          let (start, count) = (p + column.starts[r], Int(column.counts[r]))
          if let day = parse(start, count) {
            values[r] = day
            nullFlags[r] = 0
          } else {
            failures.fail(r, at: column.field, Issue(
              record: column.first + r + 1, code: .badDate, message: "'\(text(start, count))' is not a date in \(date) format",
              plan: column.plan, offset: column.starts[r], width: count, value: text(start, count),
              notes: ["the file's dates are read as \(date); another layout can be given with date_format"]))
          }
        }
      }
      if date == .iso {
        DateFormat.monthStarts.withUnsafeBufferPointer { starts in typeAll { DateFormat.parseISO($0, $1, monthStarts: starts) } }
      } else {
        typeAll { date.parse($0, $1) }
      }
    }

    private func typeText(_ column: BlockColumn, _ failures: inout Failures, _ state: inout WorkerState) {
      let codes = pointers.int32[column.plan].unsafelyUnwrapped + column.first
      let plan = column.plan
      let required = specs[plan].required
      var interner = state.interners[plan]
      state.interners[plan] = state.placeholder  // leaves `interner` the only owner while it grows
      defer { state.interners[plan] = interner }
      var (lastStart, lastCount, lastCode) = (state.lastStart[plan], state.lastCount[plan], state.lastCode[plan])
      defer { (state.lastStart[plan], state.lastCount[plan], state.lastCode[plan]) = (lastStart, lastCount, lastCode) }
      for r in 0..<column.count where failures.at[r] > column.field {
        let n = column.counts[r]
        if n == 0 {
          if required { failures.fail(r, at: column.field, missingIssue(column, r)) }
          continue
        }
        let start = column.starts[r]
        if n < 0 {
          FieldCursor.unescape(p, column.field(r), into: &state.scratch)
          codes[r] = state.scratch.withUnsafeBufferPointer { interner.intern($0.baseAddress.unsafelyUnwrapped, $0.count) }
          continue
        }
        let count = Int(n)
        if lastCount == count && ByteComparison.equal(p + lastStart, p + start, count) {
          codes[r] = lastCode
        } else {
          let code = interner.intern(p + start, count)
          codes[r] = code
          (lastStart, lastCount, lastCode) = (start, count, code)
        }
      }
    }

    private func typeKey(_ column: BlockColumn, _ failures: inout Failures, _ state: inout WorkerState) {
      let entries = pointers.keys[column.plan].unsafelyUnwrapped + column.first
      let required = specs[column.plan].required
      for r in 0..<column.count where failures.at[r] > column.field {
        let n = column.counts[r]
        if n > 0 && Int(n) <= KeyColumn.maxPackedLength {
          entries[r] = KeyColumn.entry(place: column.starts[r], length: Int(n))
        } else if n == 0 {
          if required { failures.fail(r, at: column.field, missingIssue(column, r)) }
        } else if n < 0 {
          FieldCursor.unescape(p, column.field(r), into: &state.scratch)
          state.escaped[column.plan][column.first + r] = state.scratch
          entries[r] = KeyColumn.aside
        } else {  // too long to pack: kept aside
          state.escaped[column.plan][column.first + r] = Array(UnsafeBufferPointer(start: p + column.starts[r], count: Int(n)))
          entries[r] = KeyColumn.aside
        }
      }
    }

    /// Writes what a row holds before its fields are read: null (no value, no code), not rejected.
    private func fillDefaults(_ rows: Range<Int>) {
      let (start, count) = (rows.lowerBound, rows.count)
      func populate<T>(_ pointer: UnsafeMutablePointer<T>?) {
        if let pointer { PagePopulation.populate(UnsafeMutableRawPointer(pointer + start), byteCount: count * MemoryLayout<T>.stride) }
      }
      for plan in specs.indices {
        populate(pointers.int64[plan])
        populate(pointers.int32[plan])
        populate(pointers.nulls[plan])
        populate(pointers.keys[plan])
      }
      for (plan, spec) in specs.enumerated() {
        switch spec.type {
        case .money, .integer:
          pointers.int64[plan]?.advanced(by: start).update(repeating: 0, count: count)
          pointers.nulls[plan]?.advanced(by: start).update(repeating: 1, count: count)
        case .day:
          pointers.int32[plan]?.advanced(by: start).update(repeating: 0, count: count)
          pointers.nulls[plan]?.advanced(by: start).update(repeating: 1, count: count)
        case .text:
          pointers.int32[plan]?.advanced(by: start).update(repeating: -1, count: count)
        case .key:
          pointers.keys[plan]?.advanced(by: start).update(repeating: KeyColumn.null, count: count)
        }
      }
      rejected.advanced(by: start).update(repeating: 0, count: count)
    }

    private func text(_ start: UnsafePointer<UInt8>, _ count: Int) -> String {
      String(decoding: UnsafeBufferPointer(start: start, count: count), as: UTF8.self)
    }

    private func quoteIssue(_ failure: FieldCursor.Failure, record: Int) -> Issue {
      switch failure {
      case .textAfterQuote(let offset):
        return Issue(record: record, code: .textAfterQuote, message: "unexpected text after a closing quote", plan: -1,
                     offset: offset, width: 1, value: nil, notes: ["a quote inside a quoted field is written \"\""])
      case .unclosedQuote(let offset):
        return Issue(record: record, code: .unclosedQuote, message: "quoted field is never closed", plan: -1,
                     offset: offset, width: 1, value: nil, notes: [])
      }
    }

    private func badValue(_ spec: ColumnSpec, record: Int, plan: Int, field: FieldCursor.Field, text: String) -> Issue {
      let code: LoadError.Code = spec.type == .day ? .badDate : spec.type == .money ? .badAmount : .badInteger
      return Issue(record: record, code: code, message: "'\(text)' is not \(spec.type.expectation)", plan: plan,
                   offset: field.start, width: field.count, value: text, notes: [])
    }

    private func moneyIssue(_ failure: NumberFormat.Failure, record: Int, plan: Int, field: FieldCursor.Field) -> Issue {
      let value = text(p + field.start, field.count)
      let decimal = CSVOptions.separatorName(formats.number.decimalSeparator)
      let message: String
      var notes: [String] = []
      switch failure {
      case .notANumber:
        message = "'\(value)' is not an amount"
        notes.append("amounts are read with decimal '\(decimal)'"
          + (formats.number.thousandsSeparator.map { " and thousands separator '\(CSVOptions.separatorName($0))'" } ?? " and no thousands separator")
          + "; set decimal / thousands if the file differs")
      case .tooManyDecimals:
        message = "'\(value)' has more than two decimals"
        notes.append("money is exact to the cent; if '\(decimal)' separates thousands here, set thousands = \(decimal)")
      case .parentheses:
        message = "'\(value)' uses parentheses for a negative amount"
        notes.append("load with negative_parens = yes to read (12.50) as -12.50")
      case .overflow:
        message = "'\(value)' is too large for an amount"
      }
      return Issue(record: record, code: .badAmount, message: message, plan: plan, offset: field.start, width: field.count,
                   value: value, notes: notes)
    }
  }
}
