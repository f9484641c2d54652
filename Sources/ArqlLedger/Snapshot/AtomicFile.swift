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
    try write(to: path, durable: durable) { emit in
      for part in parts { emit(part) }
    }
  }

  /// Writes what `produce` hands to its `emit`, piece by piece, to `path`: a large export is
  /// written as it is made, never held whole, and still replaces the file whole or not at all.
  public static func write(to path: String, durable: Bool = true, produce: (_ emit: ([UInt8]) -> Void) -> Void) throws(LoadError) {
    // A device, pipe or socket (/dev/stdout, a FIFO) is written in place: renaming over it
    // would replace it with a plain file (and as root, /dev/full with a file).
    if isSpecial(path) {
      try writeInPlace(path, produce)
      return
    }
    // A symbolic link stays one: the file it points to is replaced.
    let path = resolved(path)
    let folder = (path as NSString).deletingLastPathComponent
    let temporary = (folder.isEmpty ? "." : folder) + "/.\((path as NSString).lastPathComponent).\(getpid()).tmp"
    let fd = open(temporary, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
    guard fd >= 0 else { throw failure(path, errno) }
    var failed: Int32 = 0
    produce { part in if failed == 0 { failed = writeAll(fd, part) } }  // after a failure the rest is dropped
    if failed == 0 && durable && fsync(fd) != 0 { failed = errno }
    if close(fd) != 0 && failed == 0 { failed = errno }
    if failed == 0 && rename(temporary, path) != 0 { failed = errno }
    if failed != 0 {
      unlink(temporary)
      throw failure(path, failed)
    }
  }

  /// Writes to a file that is not a regular file, reporting every failure (a full device).
  private static func writeInPlace(_ path: String, _ produce: (_ emit: ([UInt8]) -> Void) -> Void) throws(LoadError) {
    let fd = open(path, O_WRONLY | O_APPEND)
    guard fd >= 0 else { throw failure(path, errno) }
    var failed: Int32 = 0
    produce { part in if failed == 0 { failed = writeAll(fd, part) } }
    if close(fd) != 0 && failed == 0 { failed = errno }
    if failed != 0 { throw failure(path, failed) }
  }

  /// Writes all of `bytes` to `fd`; the error number of a failure, or 0.
  private static func writeAll(_ fd: Int32, _ bytes: [UInt8]) -> Int32 {
    bytes.withUnsafeBytes { raw -> Int32 in
      var done = 0
      while done < raw.count {
        let n = Glibc.write(fd, raw.baseAddress! + done, raw.count - done)
        if n < 0 {
          if errno == EINTR { continue }
          return errno
        }
        done += n
      }
      return 0
    }
  }

  /// Whether `path` names something that is not a regular file (a device, a pipe), or is under
  /// /dev or /proc (`/dev/stdout` redirected to a file is a regular file the shell holds open).
  public static func isSpecial(_ path: String) -> Bool {
    if path.hasPrefix("/dev/") || path.hasPrefix("/proc/") { return true }
    var info = stat()
    return stat(path, &info) == 0 && (info.st_mode & S_IFMT) != S_IFREG
  }

  /// The file a path names, its symbolic links followed (to a file that may not exist yet).
  static func resolved(_ path: String) -> String {
    var current = path
    for _ in 0..<40 {
      var info = stat()
      guard lstat(current, &info) == 0, (info.st_mode & S_IFMT) == S_IFLNK else { return current }
      var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
      let n = readlink(current, &buffer, Int(PATH_MAX))
      guard n > 0 else { return current }
      let target = String(decoding: buffer[0..<n].map { UInt8(bitPattern: $0) }, as: UTF8.self)
      current = target.hasPrefix("/") ? target : ((current as NSString).deletingLastPathComponent as NSString).appendingPathComponent(target)
    }
    return current
  }

  /// Writes text (UTF-8) to `path` whole or not at all.
  public static func write(_ text: String, to path: String) throws(LoadError) {
    try write(to: path, parts: [Array(text.utf8)])
  }

  private static func failure(_ path: String, _ code: Int32) -> LoadError {
    LoadError(.unwritable, "cannot write \(path): \(String(cString: strerror(code)))", file: path)
  }
}
