import Foundation

/// The title of a report page: the script's first comment line, else its file name.
public enum ReportTitle {
  public static func of(script text: String, path: String) -> String {
    for line in text.split(separator: "\n") {
      let trimmed = line.trimmingCharacters(in: .whitespaces)
      if trimmed.hasPrefix("#!") { continue }
      if trimmed.hasPrefix("#") || trimmed.hasPrefix("--") {
        let title = trimmed.drop { $0 == "#" || $0 == "-" || $0 == " " }
        if !title.isEmpty { return String(title.split(separator: ":").first ?? title) }
        continue
      }
      if !trimmed.isEmpty { break }
    }
    return (path as NSString).lastPathComponent
  }
}
