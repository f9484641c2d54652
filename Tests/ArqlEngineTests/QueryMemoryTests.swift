import ArqlEngine
import Testing

/// Making a query engine sets glibc to keep the blocks a query frees for the next one (the
/// time it saves is measured by `make bench`, not here).
@Suite("Query memory")
struct QueryMemoryTests {
  @Test("the first query engine makes glibc keep freed blocks")
  func freedBlocksAreKept() {
    _ = EngineFixture()
    #if os(Linux)
    #expect(QueryMemory.keepsFreedPages)
    #endif
  }
}
