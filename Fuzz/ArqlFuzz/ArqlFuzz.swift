// Coverage-guided fuzzing of what a user can hand arql (issue #15), with libFuzzer and
// AddressSanitizer: `make fuzz` builds this target with `-sanitize=fuzzer,address` and runs each
// entry point on its seed corpus under Tests/Fuzz/. One binary; `ARQL_FUZZ_TARGET` picks the
// entry point:
//   query    statements: lexer, parser and binder (on the kpi-spec mini-ledger's columns)
//   run      the same statements also run on the mini-ledger (slower: a query computes)
//   csv      a table file under every reader option, with and without a mapping, then built
//   mapping  a mapping file
//   fec      a FEC: read, checked, classified, lettered and built
//   append   a table file appended to the mini-ledger; the merged application index must equal
//            a rebuilt one (a difference is a finding, like a crash)
//   snapshot a snapshot file, its checksums made to hold (`SnapshotFile.openResealed`): opened
//            in place, then queried
// A finding is a crash, a sanitizer report or a hang; an error thrown for bad input is the
// expected answer.
import ArqlEngine
import ArqlLanguage
@testable import ArqlLedger
import Foundation

/// Which entry point this process fuzzes.
let target = ProcessInfo.processInfo.environment["ARQL_FUZZ_TARGET"] ?? "query"

/// The mini-ledger the queries run on (the repository's fixture, or `ARQL_FUZZ_LEDGER`).
nonisolated(unsafe) let engine: QueryEngine? = {  // libFuzzer calls in from one thread
  guard target == "query" || target == "run", let ledger = miniLedger else { return nil }
  return QueryEngine(ledger: ledger, today: Day.parseISO("2025-06-30") ?? 0)
}()

/// Queries that index every table through its codes and row references.
let snapshotQueries = [
  "aged balance by division", "dso, cei by customer", "credit_overrun, payment_delay by category", "list items limit 20",
  "disputed_amount by reason", "promise_kept_rate, actions by collector", "forecast by month next 3 months", "balance by invoice top 5",
]

/// Opens `bytes` as a snapshot whose checksums hold and runs the queries on what it gives.
func fuzzSnapshot(_ bytes: [UInt8]) {
  guard let ledger = try? SnapshotFile.openResealed(bytes) else { return }
  let engine = QueryEngine(ledger: ledger, today: Day.parseISO("2025-06-30") ?? 0)
  for text in snapshotQueries {
    for statement in Parser.parse(text, context: engine.parserContext).script.statements { _ = try? engine.execute(statement) }
  }
}

/// The kpi-spec mini-ledger (the repository's fixture, or `ARQL_FUZZ_LEDGER`).
let miniLedger: Ledger? = {
  guard ["query", "run", "append"].contains(target) else { return nil }
  let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path
  let path = ProcessInfo.processInfo.environment["ARQL_FUZZ_LEDGER"] ?? root + "/Tests/ArqlLedgerTests/Fixtures/mini-ledger"
  return try? LedgerLoader.load(directory: path).0
}()

/// The parser's context on the engine, kept between inputs.
nonisolated(unsafe) var context: ParserContext?

/// Mappings the CSV entry point reads files through (the first: none).
let mappings: [String] = [
  "",
  "[invoices]\ncolumn invoice_id = No\ncolumn customer_id = Client\ncolumn doc_date = Date\ncolumn amount = Debit - Credit\n"
    + "recode doc_type = RV:INV, DG:CN\ndefault currency = EUR\nkeep = Region\n",
  "[invoices]\nwhere Compte starts with '411'\ncolumn invoice_id = Piece\ncolumn customer_id = Client\ncolumn doc_date = Date\n"
    + "column amount = Montant\nignore = *\ndate_format = dd/MM/yyyy\ndecimal = ,\n",
  "[payments]\ncolumn payment_id = Ref\ncolumn customer_id = Client\ncolumn payment_date = Date\ncolumn amount = A + B\n"
    + "column invoice_id = Facture\nthousands = .\nnegative_parens = yes\n",
]

/// Reads `text` as one table: the option byte picks the table, the reader's options, lenient
/// mode and the mapping; a table that parses is then built into a ledger.
func fuzzCSV(_ option: UInt8, _ bytes: [UInt8]) {
  let kinds = TableKind.allCases
  let kind = kinds[Int(option) % kinds.count]
  var options = LoadOptions()
  options.threads = 1 + Int(option >> 7)
  options.lenient = option & 0x08 != 0
  let variant = Int(option >> 4) % mappings.count
  if variant > 0 { try? MappingFile.parse(mappings[variant], path: "fuzz.map", into: &options) }
  switch (option >> 5) & 3 {
  case 1: options.csv.delimiter = 59; options.csv.decimalSeparator = 44
  case 2: options.csv.delimiter = 9; options.csv.dateFormat = .dayMonthYearSlash; options.csv.parenthesesAreNegative = true
  case 3: options.csv.thousandsSeparator = 46; options.csv.decimalSeparator = 44; options.csv.encoding = .latin9
  default: break
  }
  let mapping = options.tables[kind] ?? TableMapping()
  let source = SourceText(path: "fuzz.csv", bytes: bytes, encoding: .utf8)
  guard let table = try? CSVTableReader.read(source: source, schema: .native(kind), mapping: mapping, options: options.csv,
                                             lenient: options.lenient, threads: options.threads)
  else { return }
  var builder = LedgerBuilder(parsed: [kind: table], options: options)
  _ = try? builder.build()
}

/// Parses `text` and binds every statement that parses (`run`: runs it too; statements that
/// load files are only bound).
func fuzzQuery(_ text: String, run: Bool) {
  guard let engine else { return }
  // The vocabulary changes only when a statement defines something: built again then.
  if context == nil { context = engine.parserContext }
  let result = Parser.parse(text, context: context ?? engine.parserContext)
  for statement in result.script.statements.prefix(8) {
    if case .define = statement { context = nil }
    switch statement {
    case .load:
      try? engine.check(statement)
    default:
      if run { _ = try? engine.execute(statement) } else { try? engine.check(statement) }
    }
  }
}

/// Reads `bytes` as a FEC in parts of a few hundred bytes (the merge is what can go wrong) and
/// builds its ledger.
func fuzzFEC(_ option: UInt8, _ bytes: [UInt8]) {
  bytes.withUnsafeBufferPointer { buffer in
    guard let fec = try? FecReader.read(buffer, path: "fuzz.txt", encoding: .utf8, threads: 1 + Int(option & 1),
                                        partBytes: 64 + Int(option >> 1) * 8)
    else { return }
    var options = FecOptions()
    options.fifoUnmatched = option & 0x10 != 0
    options.advances = option & 0x20 != 0
    let built = FecLedger(fec, options: options)
    var builder = LedgerBuilder(parsed: [.invoices: built.invoices, .payments: built.payments, .customers: built.customers],
                                options: LoadOptions())
    _ = try? builder.build()
  }
}

/// Appends `bytes`, read as the table the option byte picks (lenient or not), to the mini-ledger.
func fuzzAppend(_ option: UInt8, _ bytes: [UInt8]) {
  guard let base = miniLedger else { return }
  let kind = TableKind.allCases[Int(option) % TableKind.allCases.count]
  var options = LoadOptions()
  options.lenient = option & 0x08 != 0
  options.threads = 1
  let source = SourceText(path: "fuzz.csv", bytes: bytes, encoding: .utf8)
  guard let table = try? CSVTableReader.read(source: source, schema: .native(kind), mapping: TableMapping(), options: options.csv,
                                             lenient: options.lenient, threads: 1),
    let ledger = try? LedgerAppender.append(parsed: [kind: table], to: base, options: options)
  else { return }
  let rebuilt = ApplicationIndex(invoices: ledger.invoices, payments: ledger.payments)
  let merged = ledger.applications
  if merged.offsets != rebuilt.offsets || merged.date != rebuilt.date || merged.amount != rebuilt.amount || merged.source != rebuilt.source {
    fatalError("the merged application index differs from a rebuilt one")  // a finding: libFuzzer keeps the input
  }
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
  let bytes = Array(UnsafeBufferPointer(start: data, count: size))
  switch target {
  case "csv":
    guard let option = bytes.first else { return 0 }
    fuzzCSV(option, Array(bytes.dropFirst()))
  case "mapping":
    var options = LoadOptions()
    try? MappingFile.parse(String(decoding: bytes, as: UTF8.self), path: "fuzz.map", into: &options)
  case "fec":
    guard let option = bytes.first else { return 0 }
    fuzzFEC(option, Array(bytes.dropFirst()))
  case "append":
    guard let option = bytes.first else { return 0 }
    fuzzAppend(option, Array(bytes.dropFirst()))
  case "run":
    fuzzQuery(String(decoding: bytes, as: UTF8.self), run: true)
  case "snapshot":
    fuzzSnapshot(bytes)
  default:
    fuzzQuery(String(decoding: bytes, as: UTF8.self), run: false)
  }
  return 0
}

/// libFuzzer's driver (from libclang_rt.fuzzer, linked by `-sanitize=fuzzer`).
@_silgen_name("LLVMFuzzerRunDriver")
func runDriver(_ argc: UnsafeMutablePointer<CInt>, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
               _ callback: @convention(c) (UnsafePointer<UInt8>, Int) -> CInt) -> CInt

/// The package manager links an executable's `main` to this symbol; it hands over to libFuzzer.
@_cdecl("ArqlFuzz_main")
public func fuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
  var count = argc
  var arguments = argv
  return runDriver(&count, &arguments) { fuzz($0, $1) }
}
