import ArqlEngine
import ArqlLanguage
import ArqlLedger
import ArqlSupport
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
        let known = CSVOptions.settingKeys + ["terms_days", LoadOptions.termsKey, "lenient"]
        do {
          switch key.name {
          case "terms_days", LoadOptions.termsKey: try settings.applyTerms(text)
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

  /// A literal's text (strings unquoted).
  static func text(_ literal: Literal) -> String {
    if case .string(let s) = literal { return s }
    return literal.description
  }
}
