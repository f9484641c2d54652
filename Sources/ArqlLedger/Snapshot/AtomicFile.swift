import Foundation

/// Writes a file whole or not at all: into a temporary file in the same folder, flushed, then
/// renamed over the target, so a reader sees the old file or the new one, never half of one.
public enum AtomicFile {
  /// Writes `parts` one after the other to `path`.
  /// - Parameter durable: flush the data to disk before the rename (`fsync`). A snapshot skips
  ///   it: its checksums refuse a file a crash left incomplete, and flushing gigabytes to a
  ///   slow disk costs more than reading the ledger again.
  /// - Throws: `LoadError(.unwritable)` naming the path and the system's reason; the
  ///   temporary file is removed.
  public static func write(to path: String, parts: [[UInt8]], durable: Bool = true) throws(LoadError) {
    let folder = (path as NSString).deletingLastPathComponent
    let temporary = (folder.isEmpty ? "." : folder) + "/.\((path as NSString).lastPathComponent).\(getpid()).tmp"
    let fd = open(temporary, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
    guard fd >= 0 else { throw failure(path, errno) }
    var failed: Int32 = 0
    for part in parts where failed == 0 {
      part.withUnsafeBytes { raw in
        var done = 0
        while done < raw.count {
          let n = Glibc.write(fd, raw.baseAddress! + done, raw.count - done)
          if n < 0 {
            if errno == EINTR { continue }
            failed = errno
            return
          }
          done += n
        }
      }
    }
    if failed == 0 && durable && fsync(fd) != 0 { failed = errno }
    if close(fd) != 0 && failed == 0 { failed = errno }
    if failed == 0 && rename(temporary, path) != 0 { failed = errno }
    if failed != 0 {
      unlink(temporary)
      throw failure(path, failed)
    }
  }

  /// Writes text (UTF-8) to `path` whole or not at all.
  public static func write(_ text: String, to path: String) throws(LoadError) {
    try write(to: path, parts: [Array(text.utf8)])
  }

  private static func failure(_ path: String, _ code: Int32) -> LoadError {
    LoadError(.unwritable, "cannot write \(path): \(String(cString: strerror(code)))", file: path)
  }
}
