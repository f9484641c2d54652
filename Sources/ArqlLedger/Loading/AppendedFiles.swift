import Foundation

/// The files `arql append` keeps in a ledger folder: `appended/0001.payments.bank_1203.csv` —
/// a sequence number (the order they were appended in), the table, and the name they had. Every
/// load of the folder appends them after the tables' own files, so the folder, its snapshot and
/// the session that appended them hold the same ledger.
public enum AppendedFiles {
  /// The subfolder of a ledger folder that holds them.
  public static let folderName = "appended"

  /// The appended files of a ledger folder, in the order they were appended.
  static func files(in folder: String) -> [String] {
    let directory = (folder as NSString).appendingPathComponent(folderName)
    guard let entries = try? FileManager.default.contentsOfDirectory(atPath: directory) else { return [] }
    return entries.filter { sequence(of: $0) != nil && table(of: $0) != nil && $0.lowercased().hasSuffix(".csv") }
      .sorted { (sequence(of: $0) ?? 0, $0) < (sequence(of: $1) ?? 0, $1) }
      .map { (directory as NSString).appendingPathComponent($0) }
  }

  /// The table an appended file adds to (its name's second part).
  static func table(of path: String) -> TableKind? {
    let parts = (path as NSString).lastPathComponent.split(separator: ".", maxSplits: 2)
    return parts.count == 3 ? TableKind(rawValue: String(parts[1])) : nil
  }

  private static func sequence(of name: String) -> Int? {
    name.split(separator: ".", maxSplits: 1).first.flatMap { Int($0) }
  }

  /// The path the next appended file of `table` takes in `folder`, keeping its own name.
  public static func nextPath(in folder: String, table: TableKind, original: String) -> String {
    let next = (files(in: folder).compactMap { sequence(of: ($0 as NSString).lastPathComponent) }.max() ?? 0) + 1
    let name = (original as NSString).lastPathComponent
    let number = String(next)
    let padded = String(repeating: "0", count: max(0, 4 - number.count)) + number
    return ((folder as NSString).appendingPathComponent(folderName) as NSString)
      .appendingPathComponent("\(padded).\(table.rawValue).\(name.hasSuffix(".csv") ? name : name + ".csv")")
  }
}
