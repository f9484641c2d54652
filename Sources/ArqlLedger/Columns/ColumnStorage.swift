import Glibc

/// The memory under a `ColumnArray`: bytes this object allocated (and frees), or bytes that
/// something else keeps alive (a mapped snapshot, an adopted array), which are never written.
@usableFromInline
final class ColumnStorage: @unchecked Sendable {
  /// The first byte; aligned for any column element.
  @usableFromInline let base: UnsafeMutableRawPointer
  /// Bytes available from `base`.
  @usableFromInline let byteCapacity: Int
  /// Whether `base` was allocated here, so it may be written and is freed here.
  @usableFromInline let isOwned: Bool
  /// What keeps borrowed bytes alive.
  private let keeper: Any?

  /// `byteCapacity` fresh bytes (uninitialised; columns hold trivial values only).
  @usableFromInline
  init(byteCapacity: Int) {
    let size = max(byteCapacity, 16)
    var pointer: UnsafeMutableRawPointer?
    // 64-byte alignment: cache lines, and room for any element's alignment.
    if posix_memalign(&pointer, 64, size) != 0 || pointer == nil {
      // Out of memory: as an Array would, stop rather than write through a null pointer.
      fatalError("out of memory: cannot allocate \(size) bytes for a column")
    }
    self.base = pointer.unsafelyUnwrapped
    self.byteCapacity = size
    self.isOwned = true
    self.keeper = nil
  }

  /// `byteCount` bytes, all zero. `calloc` hands a large block over as fresh pages it knows are
  /// zero: nothing is written, and a page read before it is written is the kernel's shared
  /// zero page, so a column of a table's absent amounts costs no memory (16-byte aligned).
  init(zeroedByteCount byteCount: Int) {
    let size = max(byteCount, 16)
    guard let pointer = calloc(size, 1) else { fatalError("out of memory: cannot allocate \(size) bytes for a column") }
    self.base = pointer
    self.byteCapacity = size
    self.isOwned = true
    self.keeper = nil
  }

  /// Bytes that `keeper` keeps alive and this storage only reads.
  init(borrowing base: UnsafeRawPointer, byteCount: Int, keeper: Any) {
    self.base = UnsafeMutableRawPointer(mutating: base)
    self.byteCapacity = byteCount
    self.isOwned = false
    self.keeper = keeper
  }

  deinit { if isOwned { free(base) } }

  /// The storage of empty columns.
  @usableFromInline static let empty = ColumnStorage(byteCapacity: 64)
}
