extension LoadOptions {
  /// The options that decide what a load reads, as canonical text (keys sorted; threads, part
  /// sizes and the reject folder left out): two loads with the same fingerprint and the same
  /// files give the same ledger, so a snapshot written with one serves the other.
  public var fingerprint: String {
    func sorted(_ pairs: [String: String]) -> String { pairs.keys.sorted().map { "\($0)=\(pairs[$0] ?? "")" }.joined(separator: ",") }
    var fec = self.fec
    fec.partBytes = FecOptions.defaultPartBytes
    var parts = ["lenient=\(lenient)", "terms=\(defaultTermsDays)", "csv=\(csv)", "fec=\(fec)", "eom=\(endOfMonthRule)"]
    for kind in tables.keys.sorted() {
      guard let m = tables[kind] else { continue }
      let recode = m.recode.keys.sorted().map { "\($0):{\(sorted(m.recode[$0] ?? [:]))}" }.joined(separator: ",")
      parts.append("[\(kind)] file=\(([m.file ?? ""] + m.moreFiles).joined(separator: ",")) columns={\(sorted(m.columns))} defaults={\(sorted(m.defaults))} "
        + "ignored=\(m.ignored.sorted()) unmapped=\(m.ignoreUnmapped) kept=\(m.kept.sorted()) recode={\(recode)} renames={\(sorted(m.renames))} where=\(m.filters) csv=\(m.csv)")
    }
    return parts.joined(separator: "\n")
  }
}
