import ArqlEngine
import ArqlLanguage
import ArqlLedger
import ArqlSupport
import Foundation

extension Session {
  /// `load csv 'folder'` loads a ledger folder (or a snapshot); `load csv 'file.csv' as invoices with ...`
  /// (re)loads one table of the current ledger through a column mapping.
  func runLoad(kind: String, path: String, table: Identifier?, options: [LoadOption], name: String) throws {
    if kind == "fec" {
      try runLoadFEC(path: path, options: options)
      return
    }
    var isDirectory: ObjCBool = false
    let exists = FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory)
    if exists && (isDirectory.boolValue || SnapshotFile.detect(path: path)) && table == nil && options.isEmpty {
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
        let known = CSVOptions.settingKeys + ["terms_days", LoadOptions.termsKey, "eom_rule", "lenient"]
        do {
          switch key.name {
          case "terms_days", LoadOptions.termsKey: try settings.applyTerms(text)
          case "eom_rule": try settings.applyEndOfMonthRule(text)
          case "lenient":
            guard let flag = CSVOptions.flag(text) else { throw CSVOptions.SettingError.badValue("lenient is yes or no", notes: []) }
            settings.lenient = flag
          default: try mapping.csv.apply(key.name, text)
          }
        } catch let error as CSVOptions.SettingError {
          guard error != .unknownKey else {
            throw EngineError(.invalidArgument, "unknown load option '\(key.name)'", at: key.range,
                              label: DidYouMean.suggestion(for: key.name, among: known).map { "did you mean '\($0)'?" },
                              notes: ["options: " + known.joined(separator: ", ") + ", columns(...), defaults(...), ignore(...)"])
          }
          throw EngineError(.invalidArgument, error.message, at: key.range, notes: error.notes)
        }
      }
    }
    settings.tables[kind] = mapping
    let folder = ledgerPath ?? ((mapping.file ?? path) as NSString).deletingLastPathComponent
    guard load(ledgerPath ?? folder, options: settings, baseDirectory: folder) else {
      throw EngineError(.noData, "\(path) could not be loaded as \(kind); the previous ledger stays")
    }
  }

  /// `load fec 'FILE' [with strict_balance = yes, advances = yes, bills = yes, terms_days = 45, encoding = latin9]`:
  /// the FEC becomes the ledger (a folder holding a FEC and side files loads with `load csv`).
  func runLoadFEC(path: String, options: [LoadOption]) throws {
    var isFolder: ObjCBool = false
    if FileManager.default.fileExists(atPath: path, isDirectory: &isFolder), !isFolder.boolValue, !FecReader.detect(path: path) {
      record(.loadFailed)  // a file that cannot be loaded: exit 2, as for a missing one
      throw EngineError(.invalidArgument, "\(path) is not a FEC: its first line does not name the FEC columns",
                        notes: ["a FEC's first line names its 18 columns (JournalCode, JournalLib, EcritureNum, ...), separated by tabs or |",
                                "a folder of CSV files loads with load csv 'folder'"])
    }
    var settings = LoadOptions()
    let known = ["strict_balance", "advances", "bills", "fifo", "encoding", "lenient", "terms_days", "eom_rule"]
    for option in options {
      guard case .setting(let key, let value) = option else {
        throw EngineError(.invalidArgument, "a FEC has fixed columns: load fec takes only " + known.joined(separator: ", "))
      }
      let text = Session.text(value)
      if key.name == "terms_days" || key.name == LoadOptions.termsKey || key.name == "eom_rule" {
        do throws(CSVOptions.SettingError) {
          if key.name == "eom_rule" { try settings.applyEndOfMonthRule(text) } else { try settings.applyTerms(text) }
        } catch {
          throw EngineError(.invalidArgument, error.message, at: key.range, notes: error.notes)
        }
        continue
      }
      if key.name == "encoding" {
        guard let encoding = TextEncoding(name: text) else { throw EngineError(.invalidArgument, "encoding is utf8, latin9 or auto", at: key.range) }
        settings.csv.encoding = encoding
        continue
      }
      guard known.contains(key.name) else {
        throw EngineError(.invalidArgument, "unknown load option '\(key.name)'", at: key.range,
                          label: DidYouMean.suggestion(for: key.name, among: known).map { "did you mean '\($0)'?" },
                          notes: ["load fec options: " + known.joined(separator: ", ")])
      }
      guard let flag = CSVOptions.flag(text) else { throw EngineError(.invalidArgument, "\(key.name) is yes or no", at: key.range) }
      switch key.name {
      case "strict_balance": settings.fec.strictBalance = flag
      case "advances": settings.fec.advances = flag
      case "bills": settings.fec.bills = flag
      case "fifo": settings.fec.fifoUnmatched = flag
      default: settings.lenient = flag
      }
    }
    guard load(path, options: settings) else { throw EngineError(.noData, "\(path) could not be loaded as a FEC; the previous ledger stays") }
  }

  /// A literal's text (strings unquoted).
  static func text(_ literal: Literal) -> String {
    if case .string(let s) = literal { return s }
    return literal.description
  }
}
