import ArqlLedger
import Foundation

/// How the command line asks for a ledger: a folder, a mapping file, `--table` files and the
/// CSV settings given as flags. The executable fills it from its options; the shell turns it
/// into load options with the one CSV-options reader the mapping files and `load csv` use.
public struct LedgerRequest: Sendable {
  public var folder: String?
  public var mapping: String?
  /// `TABLE=PATH` pairs.
  public var tables: [String] = []
  public var lenient = false
  public var rejectDirectory = "."
  /// CSV settings by their mapping-file key (`delimiter`, `decimal`, `date_format`, ...).
  public var csvSettings: [(key: String, value: String)] = []
  public var defaultTerms: Int?
  /// `--eom-rule`: how terms codes "45JFDM" read.
  public var endOfMonthRule: String?
  /// `--strict-balance`: an unbalanced FEC stops the load.
  public var strictBalance = false
  public var threads: Int?

  public init(folder: String?) {
    self.folder = folder
  }

  /// The load options, and the folder relative mapping paths are read from.
  /// - Throws: `UsageError` for a bad flag; the mapping file's own `LoadError`.
  public func resolve() throws -> ResolvedLedger {
    var options = LoadOptions(lenient: lenient, rejectDirectory: rejectDirectory)
    if let threads { options.threads = threads }
    var base: String? = nil
    if let mapping {
      try MappingFile.load(path: mapping, into: &options)
      base = (mapping as NSString).deletingLastPathComponent
      if base?.isEmpty ?? true { base = "." }
    }
    for (key, value) in csvSettings {
      do { try options.csv.apply(key, value) } catch {
        throw UsageError("--\(key.replacingOccurrences(of: "_", with: "-")): \(error.message)"
          + (error.notes.isEmpty ? "" : "; " + error.notes.joined(separator: "; ")))
      }
    }
    if let defaultTerms {
      do { try options.applyTerms(String(defaultTerms)) } catch { throw UsageError("--default-terms: \(error.message)") }
    }
    if let endOfMonthRule {
      do { try options.applyEndOfMonthRule(endOfMonthRule) } catch { throw UsageError("--eom-rule: \(error.message)") }
    }
    options.fec.strictBalance = strictBalance
    for item in tables {
      let parts = item.split(separator: "=", maxSplits: 1).map(String.init)
      guard parts.count == 2, let kind = TableKind(name: parts[0]) else {
        throw UsageError("--table takes TABLE=PATH with TABLE one of " + TableKind.allCases.map(\.rawValue).joined(separator: ", "))
      }
      var table = options.tables[kind] ?? TableMapping()
      table.file = parts[1].hasPrefix("/") ? parts[1] : FileManager.default.currentDirectoryPath + "/" + parts[1]
      options.tables[kind] = table
    }
    return ResolvedLedger(folder: folder, options: options, baseDirectory: base, name: folder ?? mapping ?? "")
  }
}

/// A ledger request with its options read: what `Session.load` and the commands take.
public struct ResolvedLedger: Sendable {
  /// The folder given on the command line.
  public let folder: String?
  let options: LoadOptions
  /// Where a mapping's relative file names are resolved.
  let baseDirectory: String?
  /// How the summary names it.
  let name: String

  /// Whether anything names a ledger: a folder, or a mapping or `--table` that names the invoices file.
  public var namesLedger: Bool { folder != nil || options.tables[.invoices]?.file != nil }

  /// The folder to load: the given one, else the mapping's.
  var loadPath: String { folder ?? baseDirectory ?? "." }
}
