import Foundation
import Testing

/// A load asks glibc for memory one way, the queries another (`MemoryPolicy`); a load after
/// queries (`.reload`, `.append`) must run under the load's settings, give back what the
/// queries kept, and leave the queries' settings behind it. Through the binary, in a process of
/// its own: the settings are the process's.
@Suite("Memory policy: loads and queries")
struct MemoryPolicyTests {
  static func changes(_ arguments: [String], status: Int32 = 0) throws -> [String] {
    let run = try ArqlBinary.execute(ArqlBinary.path, arguments, environment: ["ARQL_MEMORY_TRACE": "1", "NO_COLOR": "1"])
    #expect(run.status == status, "\(run.stderr)")
    return run.stderr.split(separator: "\n").map(String.init).filter { $0.hasPrefix("memory: ") }
  }

  @Test(".reload and .append after queries run under the load's settings, then the queries' come back")
  func loadAfterQueries() throws {
    let (dir, invoices, _) = try AppendTests.cut()
    let given = "memory: load (the queries' freed pages given back)"
    #expect(try Self.changes([dir, "-c", "balance", "-c", ".reload", "-c", "balance"])
      == ["memory: load", "memory: queries", given, "memory: queries"])
    #expect(try Self.changes([dir, "-c", "balance", "-c", ".append \(invoices)", "-c", "balance"])
      == ["memory: load", "memory: queries", given, "memory: queries"])
    // A failed append keeps the session's engine, so the load itself must put the queries'
    // settings back.
    let bad = ArqlBinary.folder() + "/bad_payments.csv"
    try ArqlBinary.write("payment_id,customer_id,payment_date,amount,invoice_id\nZ1,C1,2025-13-45,10.00,\n", to: bad)
    #expect(try Self.changes([dir, "--keep-going", "-c", "balance", "-c", ".append payments \(bad)", "-c", "balance"], status: 2)
      == ["memory: load", "memory: queries", given, "memory: queries"])
    // A load alone never switches to the queries' settings.
    #expect(try Self.changes([dir, "--timing-only"]) == ["memory: load"])
  }
}
