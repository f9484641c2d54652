#if canImport(Glibc)
import Glibc
#endif

/// glibc's `mallopt` and `malloc_trim`, for the settings of `MemoryPolicy`.
enum MallocOption {
  /// `M_MMAP_THRESHOLD`: blocks above it get a mapping of their own.
  static let mmapThreshold: Int32 = -3
  /// `M_MMAP_MAX`: how many blocks may have a mapping of their own (0: none).
  static let mmapMax: Int32 = -4
  /// `M_TRIM_THRESHOLD`: free space at the heap's top above it is given back.
  static let trimThreshold: Int32 = -1
  /// `M_ARENA_MAX`: how many heaps threads allocate from.
  static let arenaMax: Int32 = -8

  /// Gives the heap's free pages back to the system (`malloc_trim(0)`); nothing where the C
  /// library has no such call.
  static func trim() {
    typealias Trim = @convention(c) (Int) -> Int32
    guard let symbol = function("malloc_trim") else { return }
    _ = unsafeBitCast(symbol, to: Trim.self)(0)
  }

  /// A C library function looked up by name (malloc.h is not in Swift's Glibc module).
  private static func function(_ name: String) -> UnsafeMutableRawPointer? {
    #if canImport(Glibc)
    return dlsym(UnsafeMutableRawPointer(bitPattern: 0), name)
    #else
    return nil
    #endif
  }

  /// Sets `option` to `value`; false where the setting was refused or the C library has no
  /// `mallopt`.
  static func set(_ option: Int32, _ value: Int32) -> Bool {
    typealias Mallopt = @convention(c) (Int32, Int32) -> Int32
    guard let symbol = function("mallopt") else { return false }
    return unsafeBitCast(symbol, to: Mallopt.self)(option, value) == 1
  }
}
