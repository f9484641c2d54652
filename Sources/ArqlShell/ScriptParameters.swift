import ArqlEngine
import ArqlLanguage
import ArqlLedger
import ArqlSupport
import Foundation

/// `-- name=value` for a script's `param` declarations: typed by the declaration, unknown names
/// get a did-you-mean, missing required ones are listed (exit 64).
public enum ScriptParameters {
  /// Sets parameters from `name=value` pairs checked against the script's declarations.
  public static func apply(_ pairs: [String], script: ShellScript, to parameters: inout Parameters) throws {
    let declarations = script.parameterDeclarations
    let declared = Dictionary(declarations.map { ($0.name.name, $0) }, uniquingKeysWith: { a, _ in a })
    for pair in pairs {
      let parts = pair.split(separator: "=", maxSplits: 1).map(String.init)
      guard parts.count == 2, !parts[0].isEmpty else { throw UsageError("parameters are written name=value, not '\(pair)'") }
      guard let declaration = declared[parts[0]] else {
        let suggestion = DidYouMean.suggestion(for: parts[0], among: Array(declared.keys))
        throw UsageError("\(script.name) has no parameter '\(parts[0])'" + (suggestion.map { "; did you mean '\($0)'?" } ?? "")
          + (declared.isEmpty ? "" : " (parameters: " + declared.keys.sorted().joined(separator: ", ") + ")"))
      }
      parameters.values[parts[0]] = .literal(try literal(parts[1], type: declaration.type, name: parts[0]))
    }
    let missing = declarations.filter { $0.defaultValue == nil && parameters.values[$0.name.name] == nil }
    if !missing.isEmpty {
      throw UsageError("\(script.name) needs " + missing.map { "\($0.name.name) (\($0.type))" }.joined(separator: ", ")
        + ": pass them after --, e.g. -- " + missing.map { "\($0.name.name)=..." }.joined(separator: " "))
    }
  }

  /// A parameter's value as text.
  public static func describe(_ value: Parameters.Value) -> String {
    switch value {
    case .literal(.string(let s)): return s
    case .literal(let l): return l.description
    case .window(let w): return Formatter.format(w)
    case .date(let d): return Formatter.format(d)
    case .value(let v): return Formatter.format(v)
    }
  }

  static func literal(_ text: String, type: String, name: String) throws -> Literal {
    switch type {
    case "number":
      guard let n = ExactNumber(text) ?? (text.hasPrefix("-") ? ExactNumber(String(text.dropFirst())).map { ExactNumber(mantissa: -$0.mantissa, scale: $0.scale) } : nil)
      else { throw UsageError("\(name) is a number, not '\(text)'") }
      return .number(n)
    case "date":
      guard Day.parseISO(text) != nil else { throw UsageError("\(name) is a date yyyy-MM-dd, not '\(text)'") }
      return .date(text)
    case "period":
      guard let p = Period(text) else { throw UsageError("\(name) is a period like 2025, 2025-Q1, 2025-03, FY2025") }
      return .period(p)
    case "bool":
      switch text.lowercased() {
      case "true", "yes", "1": return .bool(true)
      case "false", "no", "0": return .bool(false)
      default: throw UsageError("\(name) is true or false, not '\(text)'")
      }
    default:
      return .string(text)
    }
  }
}
