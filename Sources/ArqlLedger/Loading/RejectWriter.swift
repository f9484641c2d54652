import Foundation

/// Writes the rows rejected in lenient mode, each as it was in the file, followed by two
/// columns: the line number and the reason. Fixing the rows and reloading them with the same
/// mapping (ignoring `arql_line` and `arql_error`) loses nothing.
enum RejectWriter {
  /// Writes `<directory>/<name>.rejects.csv` (by default the table's name) and returns its path.
  static func write(_ table: ParsedTable, directory: String, name: String? = nil) throws -> String? {
    guard !table.rejects.isEmpty, let source = table.source else { return nil }
    let path = (directory as NSString).appendingPathComponent("\(name ?? table.kind.rawValue).rejects.csv")
    var out: [UInt8] = []
    let delimiter = table.delimiter
    out.append(contentsOf: source.recordBytes(0))
    out.append(delimiter)
    out.append(contentsOf: Array("arql_line".utf8))
    out.append(delimiter)
    out.append(contentsOf: Array("arql_error".utf8))
    out.append(10)
    for reject in table.rejects.sorted(by: { $0.record < $1.record }) {
      out.append(contentsOf: source.recordBytes(reject.record))
      out.append(delimiter)
      out.append(contentsOf: Array(String(source.origin(ofLine: source.line(ofRecord: reject.record)).line).utf8))
      out.append(delimiter)
      let reason = "\(reject.error.code.rawValue) \(reject.error.message)"
      out.append(34)
      for byte in reason.utf8 {
        if byte == 34 { out.append(34) }
        out.append(byte == 10 ? 32 : byte)
      }
      out.append(34)
      out.append(10)
    }
    do {
      try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
      try Data(out).write(to: URL(fileURLWithPath: path), options: .atomic)  // a reader never sees half a reject file
    } catch {
      throw LoadError(.unreadable, "cannot write the reject file \(path): \(error.localizedDescription)", file: path)
    }
    return path
  }
}
