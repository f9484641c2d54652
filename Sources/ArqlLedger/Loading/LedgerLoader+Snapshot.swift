import Dispatch
import Foundation

extension LedgerLoader {
  /// The snapshot kept in a ledger folder (`ledger.arqlsnap`), if there is one.
  static func snapshotBeside(_ folder: String) -> String? {
    var isFolder: ObjCBool = false
    guard FileManager.default.fileExists(atPath: folder, isDirectory: &isFolder), isFolder.boolValue else { return nil }
    let path = (folder as NSString).appendingPathComponent(SnapshotFile.folderFileName)
    return FileManager.default.fileExists(atPath: path) ? path : nil
  }

  /// Whether `path` is the snapshot a load of `folder` opens by itself.
  public static func isSnapshot(_ path: String, of folder: String) -> Bool {
    (path as NSString).standardizingPath == ((folder as NSString).appendingPathComponent(SnapshotFile.folderFileName) as NSString).standardizingPath
  }

  /// Reads a ledger and writes its snapshot (`arql snapshot`): to `path`, by default the
  /// folder's `ledger.arqlsnap` (the mapping file's folder for a ledger read through a mapping),
  /// which later loads of the folder open instead of the files while those are unchanged.
  /// - Returns: the ledger, the load report and the snapshot's path and size in bytes.
  public static func writeSnapshot(directory: String?, options: LoadOptions = LoadOptions(), baseDirectory: String? = nil,
                                   to path: String?) throws -> (Ledger, LoadReport, path: String, bytes: Int) {
    let plan = try SourcePlan(directory: directory, options: options, baseDirectory: baseDirectory)
    let (ledger, report) = try loadSources(plan, options: options)
    options.progress?("writing the snapshot")
    // By default in the ledger's folder, or the mapping's: where later loads of it look.
    guard let target = path ?? (plan.directory ?? baseDirectory).map({ ($0 as NSString).appendingPathComponent(SnapshotFile.folderFileName) }) else {
      throw LoadError(.unwritable, "where should the snapshot go? name the file: arql snapshot LEDGER OUT.\(SnapshotFile.fileExtension)")
    }
    let bytes = try SnapshotFile.write(ledger, report: report, ledgerPath: plan.directory ?? plan.fecPath ?? baseDirectory ?? ".",
                                       options: options, sources: plan.paths, to: target)
    return (ledger, report, target, bytes)
  }

  /// Opens a snapshot named as the ledger. A stale one (a source changed since) is used with a
  /// warning: it was asked for by name. A damaged one whose header names a folder read with the
  /// default options falls back to reading that folder.
  static func openSnapshot(_ path: String, options: LoadOptions = LoadOptions()) throws -> (Ledger, LoadReport) {
    let started = DispatchTime.now()
    options.progress?("opening \((path as NSString).lastPathComponent)" + LedgerLoader.size(of: path))
    do throws(LoadError) {
      let (ledger, header) = try SnapshotFile.read(path: path)
      var report = opened(header, path: path, since: started)
      if let change = header.staleness {
        report.notes.append("warning: the snapshot is stale: \(change) since it was written (\(written(header))); its figures are those of then. "
          + "`arql snapshot \(header.ledger) \(path)` writes it again")
      }
      return (ledger, report)
    } catch {
      guard error.code == .damagedSnapshot, let header = try? SnapshotFile.header(path: path), header.options == LoadOptions().fingerprint,
        FileManager.default.fileExists(atPath: header.ledger)
      else { throw error }
      var (ledger, report) = try loadSources(directory: header.ledger, options: LoadOptions(), baseDirectory: nil)
      report.notes.append("warning: \(error.message); read \(header.ledger) instead")
      return (ledger, report)
    }
  }

  /// Loads a folder that keeps a snapshot: the snapshot when it was written from the same
  /// files, unchanged, with the same options; else the files, and the snapshot is written
  /// again (each case said in the report's notes).
  static func loadThroughSnapshot(_ path: String, folder: String?, options: LoadOptions, baseDirectory: String?) throws -> (Ledger, LoadReport) {
    let started = DispatchTime.now()
    let plan = try SourcePlan(directory: folder, options: options, baseDirectory: baseDirectory)
    let name = (path as NSString).lastPathComponent
    var why: String
    do throws(LoadError) {
      let header = try SnapshotFile.header(path: path)
      if header.options != options.fingerprint {
        why = "it was written with other load options"
      } else if header.sources.map(\.path).sorted() != plan.paths.sorted() {
        why = "the ledger's files are not the ones it was written from"
      } else if let change = header.staleness {
        why = change
      } else {
        options.progress?("opening \(name)" + LedgerLoader.size(of: path))
        let (ledger, header) = try SnapshotFile.read(path: path)
        var report = opened(header, path: path, since: started)
        report.notes.append("opened from \(name), written \(written(header)); the ledger's files are unchanged since")
        return (ledger, report)
      }
    } catch {
      why = error.message
    }
    var (ledger, report) = try loadSources(plan, options: options)
    options.progress?("writing \(name) again")
    do {
      try SnapshotFile.write(ledger, report: report, ledgerPath: plan.directory ?? plan.fecPath ?? ".", options: options, sources: plan.paths,
                             to: path)
      report.notes.append("\(name) was out of date (\(why)): the files were read and \(name) written again")
    } catch {
      report.notes.append("warning: \(name) is out of date (\(why)) and could not be written again: \((error as? LoadError)?.message ?? "\(error)")")
    }
    return (ledger, report)
  }

  /// The report of a ledger opened from a snapshot: the tables as they were loaded then.
  private static func opened(_ header: SnapshotFile.Header, path: String, since started: DispatchTime) -> LoadReport {
    let seconds = Double(DispatchTime.now().uptimeNanoseconds - started.uptimeNanoseconds) / 1e9
    var report = LoadReport(tables: header.tables, ignoredFiles: header.ignoredFiles, seconds: seconds, phases: [("open the snapshot", seconds)])
    report.snapshot = path
    return report
  }

  /// When a snapshot was written, to the minute (UTC).
  static func written(_ header: SnapshotFile.Header) -> String {
    let formatter = DateFormatter()
    formatter.locale = Locale(identifier: "en_US_POSIX")
    formatter.timeZone = TimeZone(identifier: "UTC")
    formatter.dateFormat = "yyyy-MM-dd HH:mm 'UTC'"
    return formatter.string(from: Date(timeIntervalSince1970: header.created))
  }
}
