/// The rows of a tool's CSV output (RFC 4180 quoting). An unquoted empty field, or the
/// tool's null marker, is NULL; a quoted empty field is the empty string.
enum CSVOutput {
  static func rows(_ bytes: [UInt8], header: Bool, nullMarker: String? = nil) -> [[String?]] {
    var rows: [[String?]] = []
    var row: [String?] = []
    var field: [UInt8] = []
    var quoted = false
    var inQuotes = false
    var i = 0
    func endField() {
      let text = String(decoding: field, as: UTF8.self)
      if (!quoted && field.isEmpty) || text == nullMarker { row.append(nil) } else { row.append(text) }
      field.removeAll(keepingCapacity: true)
      quoted = false
    }
    while i < bytes.count {
      let b = bytes[i]
      if inQuotes {
        if b == 34 {
          if i + 1 < bytes.count && bytes[i + 1] == 34 {
            field.append(34)
            i += 1
          } else {
            inQuotes = false
          }
        } else {
          field.append(b)
        }
      } else if b == 34 {
        inQuotes = true
        quoted = true
      } else if b == 44 {
        endField()
      } else if b == 10 || b == 13 {
        if b == 13 && i + 1 < bytes.count && bytes[i + 1] == 10 { i += 1 }
        endField()
        rows.append(row)
        row = []
      } else {
        field.append(b)
      }
      i += 1
    }
    if !field.isEmpty || quoted || !row.isEmpty {
      endField()
      rows.append(row)
    }
    return header ? Array(rows.dropFirst()) : rows
  }
}
