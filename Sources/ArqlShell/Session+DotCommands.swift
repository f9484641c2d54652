import ArqlEngine
import ArqlLanguage
import ArqlLedger
import ArqlReport
import ArqlSupport
import Foundation

extension Session {
  /// Runs `.name args`.
  func runDotCommand(_ line: String) -> LineOutcome {
    let words = Session.words(String(line.dropFirst()))
    guard let name = words.first?.lowercased() else { return help([]) }
    guard let command = DotCommand.named(name) else {
      let suggestion = DidYouMean.suggestion(for: name, among: DotCommand.all.map(\.name))
      output.err("error: unknown command '.\(name)'" + (suggestion.map { "; did you mean '.\($0)'?" } ?? "") + " (.help lists them)")
      record(.usage)
      return .failed
    }
    return command.run(self, Array(words.dropFirst()))
  }

  /// Splits arguments on spaces, keeping quoted parts together.
  static func words(_ text: String) -> [String] {
    var words: [String] = []
    var current = ""
    var quote: Character? = nil
    for c in text {
      if let q = quote {
        if c == q { quote = nil } else { current.append(c) }
      } else if (c == "'" || c == "\"") && current.isEmpty {
        quote = c  // a quote opens a quoted word only at its start: the apostrophe of L'encours stays
      } else if c == " " || c == "\t" {
        if !current.isEmpty { words.append(current) }
        current = ""
      } else {
        current.append(c)
      }
    }
    if !current.isEmpty { words.append(current) }
    return words
  }

  func usage(_ name: String) -> LineOutcome {
    let command = DotCommand.all.first { $0.name == name }
    output.err("usage: .\(name) \(command?.usage ?? "")")
    record(.usage)
    return .failed
  }

  func help(_ arguments: [String]) -> LineOutcome {
    let pattern = arguments.first?.lowercased()
    let commands = DotCommand.all.filter { pattern == nil || $0.name.contains(pattern ?? "") || $0.summary.contains(pattern ?? "") }
    let width = commands.map { ".\($0.name) \($0.usage)".count }.max() ?? 0
    for c in commands {
      let head = ".\(c.name) \(c.usage)"
      output.out(head + String(repeating: " ", count: width - head.count + 2) + c.summary)
    }
    if pattern == nil { output.out("Statements end at the end of the line (or ';'); an unfinished one continues on the next line.") }
    return .done
  }

  func tables() -> LineOutcome {
    guard let ledger = engine?.ledger else { return noLedger() }
    for table in TableKind.allCases where ledger.loadedTables.contains(table) {
      output.out("\(table.rawValue.padding(toLength: 10, withPad: " ", startingAt: 0)) \(ledger.rowCount(table)) rows")
    }
    return .done
  }

  func schema(_ table: String?) -> LineOutcome {
    let kinds = table.map { name in TableKind(name: name).map { [$0] } ?? [] } ?? TableKind.allCases
    if kinds.isEmpty {
      output.err("error: unknown table '\(table ?? "")'; tables: " + TableKind.allCases.map(\.rawValue).joined(separator: ", "))
      return .done
    }
    let extras = engine?.extraColumns ?? []
    for kind in kinds {
      let columns = kind.schema.columns.map { "\($0.name) \($0.type.rawValue)\($0.required ? "" : "?")" }
      output.out("\(kind.rawValue): " + columns.joined(separator: ", "))
      // The file's own columns, with the type read from their values and the name queries use.
      let own = extras.filter { $0.table == kind }
      guard !own.isEmpty else { continue }
      output.out("  extra columns: " + own.map { extra in
        let name = extra.name.map { $0 == extra.file ? "" : " as \($0.contains(" ") ? "`\($0)`" : $0)" } ?? " (kept, not queryable)"
        return "\(extra.file) \(extra.type)\(name)"
      }.joined(separator: ", "))
    }
    return .done
  }

  func metrics() -> LineOutcome {
    let catalog = workspace.catalog
    for m in catalog.metrics {
      let aliases = m.aliases.isEmpty ? "" : " (" + m.aliases.joined(separator: ", ") + ")"
      output.out("\(m.name)\(aliases) — \(m.kind.rawValue), \(m.unit.rawValue)")
    }
    return .done
  }

  func dimensions() -> LineOutcome {
    guard let engine else { return noLedger() }
    output.out(engine.columnNames.joined(separator: ", "))
    return .done
  }

  func describe(_ name: String) -> LineOutcome {
    let catalog = workspace.catalog
    guard let canonical = catalog.vocabulary.canonical(name), let m = catalog.metric(canonical) else {
      let suggestion = DidYouMean.suggestion(for: name, among: catalog.vocabulary.allPhrases)
      output.err("error: unknown metric '\(name)'" + (suggestion.map { "; did you mean '\($0)'?" } ?? ""))
      return .done
    }
    output.out("\(m.name): \(m.summary)")
    output.out("  formula: \(m.formula)")
    output.out("  kind: \(m.kind.rawValue); unit: \(m.unit.rawValue)")
    if !m.aliases.isEmpty { output.out("  aliases: " + m.aliases.joined(separator: ", ")) }
    for a in m.arguments { output.out("  argument \(a.takes) — \(a.description)") }
    return .done
  }

  /// `.set` alone: every setting, the values it takes and its current value (`Setting.all`).
  func listSettings() -> LineOutcome {
    let width = Setting.all.map { "\($0.name) = \($0.values)".count }.max() ?? 0
    for setting in Setting.all {
      let head = "\(setting.name) = \(setting.values)"
      output.out(head + String(repeating: " ", count: width - head.count + 2) + setting.summary + " (now: \(setting.current(workspace.settings)))")
    }
    return .done
  }

  func setMode(_ value: String?) -> LineOutcome {
    guard let value else {
      output.out(mode.rawValue)
      return .done
    }
    guard let format = OutputFormat(rawValue: value) else {
      output.err("error: modes: " + OutputFormat.allCases.map(\.rawValue).joined(separator: ", "))
      return .done
    }
    mode = format
    return .done
  }

  func read(_ file: String) -> LineOutcome {
    guard let text = try? String(contentsOfFile: file, encoding: .utf8) else {
      output.err("error: cannot read \(file)")
      record(.usage)
      return .failed
    }
    run(text, name: file)
    return .done
  }

  func asOf(_ value: String?) -> LineOutcome {
    guard let engine else { return noLedger() }
    if let value {
      run("set as_of = \(value == "latest" ? "latest" : value)", name: ".asof")
    }
    output.out("as of \(Day.iso(engine.asOf.day)) (\(engine.asOf.source))")
    return .done
  }

  func show() -> LineOutcome {
    output.out("ledger: \(ledgerPath ?? "(none)")")
    if let engine { output.out("as of: \(Day.iso(engine.asOf.day)) (\(engine.asOf.source))") }
    for setting in Setting.all { output.out("\(setting.name): \(setting.current(workspace.settings))") }
    let values = workspace.parameters.values.keys.sorted()
    if !values.isEmpty { output.out("variables: " + values.map { "$" + $0 }.joined(separator: ", ")) }
    let defined = workspace.catalog.metrics.filter { if case .expression = $0.implementation { return true } else { return false } }
    if !defined.isEmpty { output.out("defined metrics: " + defined.map(\.name).joined(separator: ", ")) }
    if !workspace.dimensions.isEmpty { output.out("defined dimensions: " + workspace.dimensions.keys.sorted().joined(separator: ", ")) }
    if !workspace.savedQueries.isEmpty { output.out("saved queries: " + workspace.savedQueries.keys.sorted().joined(separator: ", ")) }
    output.out("mode: \(mode.rawValue); timer: \(timer ? "on" : "off"); maxrows: \(maxRows)")
    output.out("output: \(redirect ?? "screen")")
    return .done
  }

  func examples() -> LineOutcome {
    for example in [
      "balance, overdue, not_due by division", "aged balance by customer top 20", "credit_sales, collected by month last 12 months",
      "overdue by collector vs previous week", "overdue where days_past_due > 90 by customer order by overdue desc limit 20",
      "define metric late_share = overdue / gross_open format percent", "late_share by division trend last 6 months",
      "gross_open by reason where disputed", "risk exposure by customer top 10",
    ] {
      output.out(example)
    }
    return .done
  }

  func noLedger() -> LineOutcome {
    output.err("error: no ledger is loaded; .load FOLDER")
    return .done
  }

  /// `.print`: a line of text where results go (the `.output` file, else the screen).
  func printText(_ text: String) {
    // A report heading without the script's decoration (`== Title`).
    report?.sections.append(.heading(text.trimmingCharacters(in: CharacterSet(charactersIn: "=#-* "))))
    if let redirect, redirect != "-" {
      do {
        try Session.writeFile(text + "\n", to: redirect, appending: true)
      } catch {
        output.err("error: \(error)")
        record(.queryFailed)
      }
    } else {
      output.out(text)
    }
  }
}
