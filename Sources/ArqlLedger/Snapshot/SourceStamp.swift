import Foundation

/// A file a ledger was read from, as it was then: a snapshot is fresh while every source it
/// names has the same size and modification time.
public struct SourceStamp: Sendable, Codable, Equatable {
  /// Absolute path.
  public let path: String
  public let size: Int64
  /// Modification time, nanoseconds since 1970.
  public let modified: Int64

  /// The file as it is now; nil when it cannot be read.
  public static func current(_ path: String) -> SourceStamp? {
    var info = stat()
    guard stat(path, &info) == 0 else { return nil }
    let nanoseconds = Int64(info.st_mtim.tv_sec) * 1_000_000_000 + Int64(info.st_mtim.tv_nsec)
    let absolute = path.hasPrefix("/") ? path : FileManager.default.currentDirectoryPath + "/" + path
    return SourceStamp(path: (absolute as NSString).standardizingPath, size: Int64(info.st_size), modified: nanoseconds)
  }

  /// What changed since the stamp: nil when the file is as it was.
  public var change: String? {
    guard let now = SourceStamp.current(path) else { return "\((path as NSString).lastPathComponent) is gone" }
    if now.size != size { return "\((path as NSString).lastPathComponent) changed size" }
    if now.modified != modified { return "\((path as NSString).lastPathComponent) was modified" }
    return nil
  }
}
