/// The exit codes of the command line (language.md §2.3).
public enum ExitStatus: Int32, Comparable, Sendable {
  case ok = 0
  /// A query failed: parse, binding or evaluation error.
  case queryFailed = 1
  /// A ledger could not be loaded.
  case loadFailed = 2
  /// Bad usage or a missing script parameter.
  case usage = 64
  /// Interrupted by Ctrl-C.
  case interrupted = 130

  public static func < (a: ExitStatus, b: ExitStatus) -> Bool { a.severity < b.severity }

  /// How bad, for `--keep-going` (the worst code wins).
  var severity: Int {
    switch self {
    case .ok: return 0
    case .queryFailed: return 1
    case .loadFailed: return 2
    case .usage: return 3
    case .interrupted: return 4
    }
  }
}
