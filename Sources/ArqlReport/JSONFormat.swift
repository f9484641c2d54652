import ArqlEngine

/// A JSON document: the rows, the columns with their units, and the result's metadata
/// (as-of date, window, flags with their meaning, the cells that raised them, notes).
public struct JSONFormat: ResultFormat {
  public init() {}

  public func render(_ table: ResultTable) -> String { collected(table) }

  public func write(_ table: ResultTable, to sink: (String) -> Void) {
    let string = JSONText.string
    var parts: [String] = []
    parts.append("  \"as_of\": \(string(ResultText.iso(table.asOf)))")
    parts.append("  \"as_of_source\": \(string(table.asOfSource))")
    if let w = table.window {
      parts.append("  \"window\": {\"first\": \(string(ResultText.iso(w.first))), \"last\": \(string(ResultText.iso(w.last))), \"days\": \(w.days)}")
    } else {
      parts.append("  \"window\": null")
    }
    parts.append("  \"flags\": {" + table.flags.keys.sorted().map { "\(string($0)): \(string(table.flags[$0] ?? ""))" }.joined(separator: ", ") + "}")
    // The flags of single cells: which value raised which condition.
    let marks = table.columns.flatMap { column in
      column.cellFlags.keys.sorted().map { r in
        "{\"row\": \(r), \"column\": \(string(column.name)), \"flags\": [" + (column.cellFlags[r] ?? []).map(string).joined(separator: ", ") + "]}"
      }
    }
    parts.append("  \"cell_flags\": [" + marks.joined(separator: ", ") + "]")
    parts.append("  \"notes\": [" + table.notes.map(string).joined(separator: ", ") + "]")
    if !table.memo.isEmpty {
      // Amounts beside the rows (a forecast's late vs forecast line), raw like the rows.
      parts.append("  \"memo\": [" + table.memo.map { line in
        "{\"label\": \(string(line.label)), \"value\": \(JSONText.value(line.value))}"
      }.joined(separator: ", ") + "]")
    }
    // Percent and ratio columns hold fractions (0.25 is 25 %), as the CSV does; tables show percents.
    parts.append("  \"columns\": [" + table.columns.map { c in
      let scale = c.unit == .percent || c.unit == .ratio ? ", \"scale\": \"fraction\"" : ""
      return "{\"name\": \(string(c.name)), \"role\": \(string(c.role.rawValue)), \"unit\": \(c.unit.map { string($0.rawValue) } ?? "null")\(scale)}"
    }.joined(separator: ", ") + "]")
    guard table.rowCount > 0 else {
      parts.append("  \"rows\": []")
      sink("{\n" + parts.joined(separator: ",\n") + "\n}\n")
      return
    }
    withoutActuallyEscaping(sink) { sink in
      var out = ChunkedText(sink: sink)
      out.append("{\n" + parts.joined(separator: ",\n") + ",\n  \"rows\": [\n")
      for row in 0..<table.rowCount {
        out.append("    " + JSONText.object(table, row: row) + (row + 1 < table.rowCount ? ",\n" : "\n"))
      }
      out.append("  ]\n}\n")
      out.flush()
    }
  }
}
