import Foundation

/// The title of a report page: the script's first comment line, else its file name.
public enum ReportTitle {
  public static func of(script text: String, path: String) -> String {
    for line in text.split(separator: "\n") {
      let trimmed = line.trimmingCharacters(in: .whitespaces)
      if trimmed.hasPrefix("#!") { continue }
      if trimmed.hasPrefix("#") || trimmed.hasPrefix("--") {
        let title = trimmed.drop { $0 == "#" || $0 == "-" || $0 == " " }
        if !title.isEmpty { return withoutReferences(String(title.split(separator: ":").first ?? title)) }
        continue
      }
      if !trimmed.isEmpty { break }
    }
    return ((path as NSString).lastPathComponent as NSString).deletingPathExtension
  }

  /// A title without the references a developer left in it: `(kpi-spec §8.6)`, `(issue #18)`.
  static func withoutReferences(_ title: String) -> String {
    title.replacingOccurrences(of: #"\s*\((?:[^()]*(?:spec|§|#\d|issue)[^()]*)\)"#, with: "", options: [.regularExpression, .caseInsensitive])
      .trimmingCharacters(in: .whitespaces)
  }
}
