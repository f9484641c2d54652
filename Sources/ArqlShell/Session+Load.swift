import ArqlEngine
import ArqlLanguage
import ArqlLedger
import Foundation

extension Session {
  /// `load csv 'folder'` loads a ledger folder; `load csv 'file.csv' as invoices with ...`
  /// (re)loads one table of the current ledger through a column mapping.
  func runLoad(kind: String, path: String, table: Identifier?, options: [LoadOption], name: String) throws {
    guard kind == "csv" else {
      throw EngineError(.unsupported, "FEC files are read by the FEC loader, which arql does not have yet; export the ledger as CSV")
    }
    var isDirectory: ObjCBool = false
    let exists = FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory)
    if exists && isDirectory.boolValue && table == nil && options.isEmpty {
      guard load(path) else { throw EngineError(.noData, "the ledger \(path) could not be loaded") }
      return
    }
    let fileName = ((path as NSString).lastPathComponent as NSString).deletingPathExtension
    guard let kind = TableKind(name: table?.name ?? fileName) else {
      throw EngineError(.invalidArgument, "which table is \(path)? add 'as invoices' (or customers, payments, ...)", at: table?.range ?? .none)
    }
    var mapping = loadOptions.tables[kind] ?? TableMapping()
    mapping.file = path.hasPrefix("/") ? path : FileManager.default.currentDirectoryPath + "/" + path
    var settings = loadOptions
    for option in options {
      switch option {
      case .columns(let pairs):
        for pair in pairs { mapping.columns[pair.native.name] = pair.file }
      case .defaults(let pairs):
        for pair in pairs { mapping.defaults[pair.native.name] = Session.text(pair.value) }
      case .ignore(let names):
        mapping.ignored.formUnion(names)
      case .setting(let key, let value):
        let text = Session.text(value)
        switch key.name {
        case "delimiter":
          guard let b = CSVOptions.separator(named: text), [44, 59, 124, 9].contains(b) else { throw bad(key, "delimiter is , ; | or tab") }
          mapping.csv.delimiter = b
        case "decimal":
          guard let b = CSVOptions.separator(named: text), b == 44 || b == 46 else { throw bad(key, "decimal is . or ,") }
          mapping.csv.decimalSeparator = b
        case "thousands":
          guard let b = CSVOptions.separator(named: text), [44, 46, 32, 39].contains(b) else { throw bad(key, "thousands is , . space or '") }
          mapping.csv.thousandsSeparator = b
        case "date_format":
          guard let f = DateFormat(name: text) else { throw bad(key, "date formats: " + DateFormat.acceptedNames) }
          mapping.csv.dateFormat = f
        case "encoding":
          guard let e = TextEncoding(name: text) else { throw bad(key, "encodings: utf-8, latin9, auto") }
          mapping.csv.encoding = e
        case "negative_parens":
          mapping.csv.parenthesesAreNegative = ["true", "yes", "1"].contains(text.lowercased())
        case "terms_days", "default_terms_days":
          guard let days = Int(text), (0...3650).contains(days) else { throw bad(key, "terms are a number of days") }
          settings.defaultTermsDays = days
        case "lenient":
          settings.lenient = ["true", "yes", "1"].contains(text.lowercased())
        default:
          let known = ["delimiter", "decimal", "thousands", "date_format", "encoding", "negative_parens", "terms_days", "lenient"]
          throw EngineError(.invalidArgument, "unknown load option '\(key.name)'", at: key.range,
                            label: DidYouMean.suggestion(for: key.name, among: known).map { "did you mean '\($0)'?" },
                            notes: ["options: " + known.joined(separator: ", ") + ", columns(...), defaults(...), ignore(...)"])
        }
      }
    }
    settings.tables[kind] = mapping
    let folder = ledgerPath ?? ((mapping.file ?? path) as NSString).deletingLastPathComponent
    guard load(ledgerPath ?? folder, options: settings, baseDirectory: folder) else {
      throw EngineError(.noData, "\(path) could not be loaded as \(kind); the previous ledger stays")
    }
  }

  private func bad(_ key: Identifier, _ message: String) -> EngineError { EngineError(.invalidArgument, message, at: key.range) }

  /// A literal's text (strings unquoted).
  static func text(_ literal: Literal) -> String {
    if case .string(let s) = literal { return s }
    return literal.description
  }
}
