import ArqlLanguage
import ArqlLedger

/// One setting of `set NAME = VALUE`. `Setting.all` is the only list: the `set` statement,
/// `.set` without arguments, `.show` and completion read it.
public struct Setting: Sendable {
  /// What `apply` needs besides the value.
  public struct Context: Sendable {
    /// The wall-clock date, for `set as_of = today`.
    public let today: Int32
  }

  public let name: String
  /// The values it takes, for help and errors.
  public let values: String
  public let summary: String
  /// The current value as text.
  public let current: @Sendable (SessionSettings) -> String
  /// Sets the value; returns what changed, or throws a message for a value it does not take.
  let apply: @Sendable (inout SessionSettings, Statement.SetValue, Context) throws(Setting.Rejection) -> String

  /// A value the setting does not take: the message says what it takes.
  struct Rejection: Error {
    let message: String
  }

  /// Every setting, in the order `.set` lists them.
  public static let all: [Setting] = [
    Setting(
      name: "as_of", values: "DATE | today | latest", summary: "the as-of date of queries without their own (latest: the latest posting date)",
      current: { $0.asOfOverride.map(Day.iso) ?? "latest" }
    ) { settings, value, context throws(Rejection) in
      switch value {
      case .literal(.date(let d)):
        guard let day = Day.parseISO(d) else { throw Rejection(message: "'\(d)' is not a date yyyy-MM-dd") }
        settings.asOfOverride = day
      case .word(let w) where w.name == "today":
        settings.asOfOverride = context.today
      case .word(let w) where w.name == "latest" || w.name == "default":
        settings.asOfOverride = nil
      default:
        throw Rejection(message: "as_of is a date, today, or latest")
      }
      return ""
    },
    Setting(
      name: "fiscal_year_start", values: "1..12", summary: "the month fiscal years start in (FY2025 ends in 2025)",
      current: { String($0.calendar.fiscalYearStartMonth) }
    ) { settings, value, _ throws(Rejection) in
      guard case .literal(.number(let n)) = value, let month = n.integerValue, (1...12).contains(month) else {
        throw Rejection(message: "fiscal_year_start is a month number, 1 to 12")
      }
      settings.calendar.fiscalYearStartMonth = Int(month)
      return "fiscal years start in month \(month)"
    },
    Setting(
      name: "locale", values: "en | fr", summary: "how tables write numbers and dates (machine formats never change)",
      current: { $0.locale }
    ) { settings, value, _ throws(Rejection) in
      let word: String
      switch value {
      case .word(let w): word = w.name
      case .literal(.string(let s)): word = s
      default: word = ""
      }
      guard ["en", "fr"].contains(word) else { throw Rejection(message: "locale is en (1,234.56) or fr (1 234,56 €, 31/03/2025)") }
      settings.locale = word
      return "locale \(word): tables show " + (word == "fr" ? "1 234,56 €, 12,5 % and 31/03/2025" : "1,234.56, 12.5 % and 2025-03-31")
    },
    Setting(
      name: "provision_rates", values: "'R1, ..., R6'",
      summary: "provision percent per days-past-due bucket: current, 1–30, 31–60, 61–90, 91–120, over 120 (kpi-spec §8.4)",
      current: { "'" + $0.provisionRates.map(String.init).joined(separator: ", ") + "'" }
    ) { settings, value, _ throws(Rejection) in
      let example = "a quoted list of 6 whole percentages from 0 to 100 (current, 1–30, 31–60, 61–90, 91–120, over 120), "
        + "e.g. '0, 1, 5, 20, 50, 100'"
      guard case .literal(.string(let text)) = value else { throw Rejection(message: "provision_rates is " + example) }
      let rates = text.split(separator: ",").map { Int64($0.trimmingCharacters(in: .whitespaces)) }
      guard rates.count == AgingSpec().bucketNames.count, rates.allSatisfy({ ($0 ?? -1) >= 0 && ($0 ?? 101) <= 100 }) else {
        throw Rejection(message: "provision_rates is " + example)
      }
      settings.provisionRates = rates.compactMap { $0 }
      return "provision rates: " + settings.provisionRates.map { "\($0) %" }.joined(separator: ", ")
    },
    Setting(
      name: "cache", values: "on | off",
      summary: "keep open amounts, forecast plans and flags between queries of the session (off: each query starts cold)",
      current: { $0.cache ? "on" : "off" }
    ) { settings, value, _ throws(Rejection) in
      let word: String
      switch value {
      case .word(let w): word = w.name
      case .literal(.string(let s)): word = s
      case .literal(.bool(let b)): word = b ? "on" : "off"
      default: word = ""
      }
      guard ["on", "off"].contains(word) else { throw Rejection(message: "cache is on or off") }
      settings.cache = word == "on"
      return "cache \(word)"
    },
  ]

  /// Applies a value written on a command line (`--as-of 2025-06-30`, `--locale fr`): what
  /// `set NAME = VALUE` does, with the same checks and messages.
  /// - Returns: a message for a value the setting does not take, nil when it took it.
  public func apply(commandLine text: String, to settings: inout SessionSettings, today: Int32) -> String? {
    let looksLikeDate = text.count == 10 && text.allSatisfy { $0.isNumber || $0 == "-" }
    let value: Statement.SetValue = looksLikeDate ? .literal(.date(text)) : .word(Identifier(text))
    do throws(Rejection) {
      _ = try apply(&settings, value, Context(today: today))
      return nil
    } catch {
      return error.message
    }
  }

  /// The setting named `name`.
  public static func named(_ name: String) -> Setting? { all.first { $0.name == name } }
}
