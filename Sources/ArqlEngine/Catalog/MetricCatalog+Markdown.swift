extension MetricCatalog {
  /// The catalog as a Markdown reference (`docs/metrics.md` is this text; a test keeps it
  /// current).
  public var markdown: String {
    var lines = [
      "# arql metrics",
      "",
      "Generated from the metric catalog (`MetricCatalog.markdown`); do not edit by hand.",
      "Regenerate with `RECORD=1 swift test --filter MetricsDocTests`. In the REPL, `.describe NAME`",
      "prints the same entry. Point-in-time metrics are taken at the as-of date (or each bucket's",
      "end); window metrics over the query's window (default: the last 90 days).",
      "",
      "Shares (`disputed_share`, `overdue_share`, `dispute_rate`, `dispute_dso`, ...): " + MetricCatalog.shareRule
        + " Rates of a group's own activity (`action_success_rate by agent`, `promise_kept_rate`, `dispute_resolution_rate by owner`)"
        + " keep the group's own denominator. Documents take the reason, owner and outcome of their dispute open at D, else of the"
        + " last one opened by D.",
      "",
      "| metric | kind | unit | summary |",
      "|---|---|---|---|",
    ]
    for m in metrics {
      lines.append("| [`\(m.name)`](#\(m.name)) | \(m.kind.rawValue) | \(m.unit.rawValue) | \(m.summary) |")
    }
    for m in metrics {
      lines += ["", "## \(m.name)", "", m.summary, "", "- formula: \(m.formula)", "- kind: \(m.kind.rawValue); unit: \(m.unit.rawValue)"]
      if !m.aliases.isEmpty { lines.append("- aliases: " + m.aliases.map { "`\($0)`" }.joined(separator: ", ")) }
      for argument in m.arguments { lines.append("- argument `\(argument.name)`: \(argument.description)") }
    }
    return lines.joined(separator: "\n") + "\n"
  }
}
