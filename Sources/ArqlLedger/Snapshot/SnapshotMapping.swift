import Foundation

/// A snapshot file mapped read-only for as long as any column reads from it: the columns of a
/// ledger opened from a snapshot are views of these pages (the page cache's own memory), so
/// opening copies nothing. Snapshots are replaced by renaming a new file over the old one, so
/// the mapped file never changes under a reader.
final class SnapshotMapping: @unchecked Sendable {
  let bytes: UnsafeRawBufferPointer

  /// Maps the file at `path`.
  init(path: String) throws(LoadError) {
    let fd = open(path, O_RDONLY)
    guard fd >= 0 else {
      throw LoadError(errno == ENOENT ? .fileNotFound : .unreadable, "cannot open \(path): \(String(cString: strerror(errno)))", file: path)
    }
    defer { close(fd) }
    var info = stat()
    guard fstat(fd, &info) == 0, info.st_size > 0 else { throw LoadError(.unreadable, "\(path) is empty: it is not an arql snapshot", file: path) }
    let size = Int(info.st_size)
    guard let region = mmap(nil, size, PROT_READ, MAP_PRIVATE, fd, 0), region != MAP_FAILED else {
      throw LoadError(.unreadable, "cannot read \(path): \(String(cString: strerror(errno)))", file: path)
    }
    // Start reading the file in now: the checksums read all of it next.
    _ = madvise(region, size, MADV_WILLNEED)
    bytes = UnsafeRawBufferPointer(start: region, count: size)
  }

  deinit { if let base = bytes.baseAddress { munmap(UnsafeMutableRawPointer(mutating: base), bytes.count) } }
}
