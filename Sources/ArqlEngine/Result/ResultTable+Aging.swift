extension ResultTable {
  /// The suffixes of the columns `vs` and `trend` add after a metric's, longest first
  /// (`_change_pct` before `_change`).
  public static let derivedSuffixes = ["_trend_change", "_change_pct", "_change", "_prev"]

  /// Whether column `name` is a bucket column of the result's aged balance: the bucket
  /// (`current`, `1_30`, `over_120`, `unapplied`, `total`) and the suffix after it (`_prev`, ...).
  public func agingBucket(of name: String) -> (bucket: String, suffix: String)? {
    guard let aging = agingMetric, name.hasPrefix(aging + "_") else { return nil }
    var rest = String(name.dropFirst(aging.count + 1))
    var suffix = ""
    if let s = Self.derivedSuffixes.first(where: { rest.hasSuffix($0) }) {
      suffix = s
      rest = String(rest.dropLast(s.count))
    }
    let parts = rest.split(separator: "_", omittingEmptySubsequences: false)
    let isNumber: (Substring) -> Bool = { !$0.isEmpty && $0.allSatisfy(\.isNumber) }
    switch parts.count {
    case 1 where rest == "current" || rest == "unapplied" || rest == "total": return (rest, suffix)
    case 2 where (parts[0] == "over" || isNumber(parts[0])) && isNumber(parts[1]): return (rest, suffix)
    default: return nil
    }
  }

  /// The days of a numeric bucket as people read them (`1_30` is `1–30`, `over_120` is
  /// `> 120`); nil for `current`, `unapplied` and `total`.
  public static func agingRange(_ bucket: String) -> String? {
    let parts = bucket.split(separator: "_")
    guard parts.count == 2 else { return nil }
    return parts[0] == "over" ? "> " + parts[1] : parts.joined(separator: "–")
  }
}
