#if canImport(Glibc)
import Glibc
#endif

/// glibc's `mallopt`, for the settings a load (`LoadMemory`) and a session's queries
/// (`QueryMemory`) give the allocator.
public enum MallocOption {
  /// `M_MMAP_THRESHOLD`: blocks above it get a mapping of their own.
  public static let mmapThreshold: Int32 = -3
  /// `M_MMAP_MAX`: how many blocks may have a mapping of their own (0: none).
  public static let mmapMax: Int32 = -4
  /// `M_TRIM_THRESHOLD`: free space at the heap's top above it is given back.
  public static let trimThreshold: Int32 = -1

  /// Sets `option` to `value`; false where the setting was refused or the C library has no
  /// `mallopt` (malloc.h is not in Swift's Glibc module: the symbol is looked up).
  public static func set(_ option: Int32, _ value: Int32) -> Bool {
    #if canImport(Glibc)
    typealias Mallopt = @convention(c) (Int32, Int32) -> Int32
    guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "mallopt") else { return false }
    return unsafeBitCast(symbol, to: Mallopt.self)(option, value) == 1
    #else
    return false
    #endif
  }
}
