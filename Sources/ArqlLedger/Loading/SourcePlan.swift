import ArqlSupport
import Foundation

/// The files a load reads: the native tables found in the folder or named by mappings, or a
/// FEC (given as the ledger, or found in the folder when it has no invoices.csv).
struct SourcePlan {
  var directory: String?
  var fecPath: String?
  var files: [TableKind: String]
  /// More files of a table (`file = a.csv, b.csv`), read after its first.
  var moreFiles: [TableKind: [String]] = [:]
  /// CSV files in the folder that are not tables (reported, not read).
  var ignoredFiles: [String]
  /// Files `arql append` added to the folder (`appended/`), appended in this order after the load.
  var appended: [String] = []

  /// The size of `kind`'s files together (0 without a file): which table to parse first.
  func bytes(of kind: TableKind) -> Int {
    ([files[kind]].compactMap { $0 } + (moreFiles[kind] ?? [])).reduce(0) { $0 + LedgerLoader.fileBytes($1) }
  }

  /// Every file read, absolute and standardized (what a snapshot's stamps name).
  var paths: [String] {
    (files.values.sorted() + moreFiles.values.flatMap { $0 }.sorted() + [fecPath].compactMap { $0 } + appended).map { path in
      ((path.hasPrefix("/") ? path : FileManager.default.currentDirectoryPath + "/" + path) as NSString).standardizingPath
    }
  }

  /// Finds the files.
  /// - Throws: `LoadError` for a missing folder or a ledger without invoices.
  init(directory: String?, options: LoadOptions, baseDirectory: String?) throws(LoadError) {
    let fm = FileManager.default
    // A FEC given as a file is the whole ledger; in a folder it comes with side files.
    var directory = directory
    var fecPath: String? = nil
    var isFolder: ObjCBool = false
    if let path = directory, fm.fileExists(atPath: path, isDirectory: &isFolder), !isFolder.boolValue, FecReader.detect(path: path) {
      fecPath = path
      directory = nil
    }
    if let directory {
      var isDirectory: ObjCBool = false
      guard fm.fileExists(atPath: directory, isDirectory: &isDirectory) else {
        throw LoadError(.fileNotFound, "no such ledger folder: \(directory)", file: directory)
      }
      guard isDirectory.boolValue else {
        throw LoadError(.fileNotFound, "\(directory) is not a folder; a ledger is a folder of CSV files (invoices.csv, ...)",
                        file: directory)
      }
    }
    let base = baseDirectory ?? directory ?? "."
    var files: [TableKind: String] = [:]
    var moreFiles: [TableKind: [String]] = [:]
    for kind in TableKind.allCases {
      if let file = options.tables[kind]?.file {
        files[kind] = file.hasPrefix("/") ? file : (base as NSString).appendingPathComponent(file)
        let more = options.tables[kind]?.moreFiles ?? []
        if !more.isEmpty { moreFiles[kind] = more.map { $0.hasPrefix("/") ? $0 : (base as NSString).appendingPathComponent($0) } }
      } else if let directory {
        let path = (directory as NSString).appendingPathComponent(kind.fileName)
        if fm.fileExists(atPath: path) { files[kind] = path }
      }
    }
    if files[.invoices] == nil, fecPath == nil, let directory, let entries = try? fm.contentsOfDirectory(atPath: directory) {
      fecPath = entries.sorted().map { (directory as NSString).appendingPathComponent($0) }.first { path in
        let lower = path.lowercased()
        return (lower.hasSuffix(".txt") || lower.hasSuffix(".csv") || lower.hasSuffix(".tsv")) && FecReader.detect(path: path)
      }
    }
    var ignoredFiles: [String] = []
    if let directory, let entries = try? fm.contentsOfDirectory(atPath: directory) {
      let used = Set((Array(files.values) + moreFiles.values.flatMap { $0 } + [fecPath].compactMap { $0 }).map { ($0 as NSString).lastPathComponent })
      ignoredFiles = entries.filter { $0.lowercased().hasSuffix(".csv") && !used.contains($0) && !$0.hasSuffix(".rejects.csv") }.sorted()
    }
    guard files[.invoices] != nil || fecPath != nil else {
      var notes: [String] = []
      if let near = DidYouMean.closest(to: "invoices.csv", among: ignoredFiles, maxDistance: 3) {
        notes.append("did you mean '\(near)'? map it with `[invoices]` / `file = \(near)` in a mapping file, or --table invoices=\(near)")
      }
      throw LoadError(.fileNotFound, "no invoices.csv in \(directory ?? base): a ledger needs at least its invoices",
                      file: directory ?? base, notes: notes)
    }
    self.directory = directory
    self.fecPath = fecPath
    self.files = files
    self.moreFiles = moreFiles
    self.ignoredFiles = ignoredFiles
    self.appended = (directory ?? baseDirectory).map(AppendedFiles.files(in:)) ?? []
  }
}
