import ArqlSupport
import Foundation

/// Reads a mapping file: how an ERP export becomes the native ledger, without editing it.
///
/// ```
/// # SAP FBL5N export
/// [defaults]                      # options for every table
/// encoding = latin9
/// default_terms_days = 45
///
/// [invoices]
/// file = fbl5n.csv
/// delimiter = ;
/// decimal = ,
/// thousands = .
/// date_format = dd/MM/yyyy
/// negative_parens = yes
/// column invoice_id = Document Number      # native = file column
/// column customer_id = Account
/// default currency = EUR                   # a constant for a missing column
/// recode doc_type = RV:INV, DG:CN          # file value:native value
/// ignore = Assignment, Text                # drop these columns (ignore = * drops every unmapped one)
/// keep = Region                            # keep as an attribute even if it looks like a typo
/// ```
/// Values may be quoted with `'` or `"` to keep spaces, commas or `#`.
public enum MappingFile {
  static let tableKeys = ["file"] + CSVOptions.settingKeys + ["column", "default", "recode", "rename", "ignore", "keep"]
  static let defaultsKeys = CSVOptions.settingKeys + [LoadOptions.termsKey, "eom_rule"]

  /// Parses mapping text into load options; relative `file` paths stay relative (the loader
  /// resolves them against the mapping file's folder).
  /// - Throws: `LoadError.badMapping` naming the line.
  public static func parse(_ text: String, path: String, into options: inout LoadOptions) throws {
    var section: TableKind? = nil
    var inDefaults = false
    var sawSection = false
    var sectionLines: [TableKind: Int] = [:]
    for (index, rawLine) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
      let lineNumber = index + 1
      let line = stripComment(String(rawLine)).trimmingSpaces
      if line.isEmpty { continue }
      func fail(_ message: String, notes: [String] = []) -> LoadError {
        LoadError(.badMapping, message, file: path, line: lineNumber, column: 1, sourceLine: String(rawLine), notes: notes)
      }
      if line.hasPrefix("[") {
        guard line.hasSuffix("]") else { throw fail("a section header is written [invoices]") }
        let name = String(line.dropFirst().dropLast()).trimmingSpaces
        sawSection = true
        if name.lowercased() == "defaults" {
          inDefaults = true
          section = nil
        } else if let kind = TableKind(name: name) {
          // A second section for a table would silently merge into the first: say so instead.
          if let first = sectionLines[kind] {
            throw fail("a second [\(name)] section (the first is at line \(first))",
                       notes: ["one section per table: put its settings together; several files of one table go on one line: file = a.csv, b.csv"])
          }
          sectionLines[kind] = lineNumber
          inDefaults = false
          section = kind
        } else {
          throw fail("unknown table '\(name)'", notes: suggest(name, TableKind.allCases.map(\.rawValue) + ["defaults"])
            + ["tables: defaults, " + TableKind.allCases.map(\.rawValue).joined(separator: ", ")])
        }
        continue
      }
      // `where CONDITION`: which rows of the file belong to the table.
      if line.lowercased().hasPrefix("where ") {
        guard sawSection, !inDefaults, let section else { throw fail("a `where` condition belongs to a table's section") }
        var mapping = options.tables[section] ?? TableMapping()
        do throws(CSVOptions.SettingError) {
          mapping.filters.append(try RowFilter.parse(String(line.dropFirst(6))))
        } catch {
          throw fail(error.message, notes: error.notes)
        }
        options.tables[section] = mapping
        continue
      }
      guard let equals = firstUnquoted("=", in: line) else { throw fail("expected `key = value`") }
      let keyPart = String(line[..<equals]).trimmingSpaces
      let value = String(line[line.index(after: equals)...]).trimmingSpaces
      let keyWords = keyPart.split(separator: " ", maxSplits: 1).map { String($0).trimmingSpaces }
      // `= value` with no key (found by the fuzzer: it crashed here).
      guard let first = keyWords.first else { throw fail("expected `key = value`: the key before '=' is missing") }
      let key = first.lowercased()
      let argument = keyWords.count > 1 ? unquote(keyWords[1]) : nil
      guard sawSection else { throw fail("start with a section: [defaults] or [invoices], [customers], ...") }
      let allowed = inDefaults ? defaultsKeys : tableKeys
      guard allowed.contains(key) else {
        throw fail("unknown key '\(key)'" + (inDefaults ? " in [defaults]" : ""), notes: suggest(key, allowed) + ["keys: " + allowed.joined(separator: ", ")])
      }
      var csv = inDefaults ? options.csv : (options.tables[section ?? .invoices]?.csv ?? CSVOptions())
      var mapping = section.flatMap { options.tables[$0] } ?? TableMapping()
      let text = unquote(value)
      switch key {
      case "file":
        // Several files of one table: `file = invoices.csv, credit_notes.csv`.
        let files = firstUnquoted(",", in: value) == nil ? [text] : list(value)
        mapping.file = files.first
        mapping.moreFiles = Array(files.dropFirst())
      case LoadOptions.termsKey:
        do { try options.applyTerms(text) } catch { throw fail(error.message, notes: error.notes) }
      case "eom_rule":
        do { try options.applyEndOfMonthRule(text) } catch { throw fail(error.message, notes: error.notes) }
      case _ where CSVOptions.settingKeys.contains(key):
        do { try csv.apply(key, text) } catch { throw fail(error.message, notes: error.notes) }
      case "column", "default", "recode":
        guard let native = argument, !native.isEmpty else { throw fail("write `\(key) <native column> = ...`") }
        if let kind = section, kind.schema.column(native) == nil {
          throw fail("'\(native)' is not a column of \(kind)", notes: suggest(native, kind.schema.columns.map(\.name))
            + ["columns of \(kind): " + kind.schema.columns.map(\.name).joined(separator: ", ")]
            + (key == "column" ? ["to keep a file column as an attribute under another name: rename \(native) = \(text)"] : []))
        }
        if key == "column" {
          mapping.columns[native] = text
        } else if key == "default" {
          mapping.defaults[native] = text
        } else {
          var pairs: [String: String] = [:]
          for item in list(value) {
            let parts = item.split(separator: ":", maxSplits: 1).map { unquote(String($0).trimmingSpaces) }
            guard parts.count == 2 else { throw fail("recode pairs are written `file value:native value`") }
            pairs[parts[0]] = parts[1]
          }
          mapping.recode[native] = pairs
        }
      case "rename":
        guard let name = argument, !name.isEmpty, !text.isEmpty else { throw fail("write `rename <name> = <file column>`") }
        if let kind = section, kind.schema.column(name.lowercased()) != nil {
          throw fail("'\(name)' is a native column of \(kind): map it with `column \(name.lowercased()) = \(text)`")
        }
        mapping.renames[text] = name
      case "ignore":
        for item in list(value) {
          if item == "*" { mapping.ignoreUnmapped = true } else { mapping.ignored.insert(item) }
        }
      case "keep":
        for item in list(value) { mapping.kept.insert(item) }
      default:
        throw fail("unknown key '\(key)'")
      }
      if inDefaults {
        options.csv = csv
      } else if let section {
        mapping.csv = csv
        options.tables[section] = mapping
      }
    }
  }

  /// Reads and parses a mapping file.
  public static func load(path: String, into options: inout LoadOptions) throws {
    guard let data = FileManager.default.contents(atPath: path) else {
      throw LoadError(.fileNotFound, "cannot read the mapping file \(path)", file: path)
    }
    try parse(String(decoding: data, as: UTF8.self), path: path, into: &options)
  }

  private static func suggest(_ name: String, _ candidates: [String]) -> [String] {
    DidYouMean.closest(to: name, among: candidates, maxDistance: 2).map { ["did you mean '\($0)'?"] } ?? []
  }

  /// The text before an unquoted `#`.
  private static func stripComment(_ line: String) -> String {
    guard let hash = firstUnquoted("#", in: line) else { return line }
    return String(line[..<hash])
  }

  private static func firstUnquoted(_ character: Character, in line: String) -> String.Index? {
    var quote: Character? = nil
    var index = line.startIndex
    while index < line.endIndex {
      let c = line[index]
      if let q = quote {
        if c == q { quote = nil }
      } else if c == "'" || c == "\"" {
        quote = c
      } else if c == character {
        return index
      }
      index = line.index(after: index)
    }
    return nil
  }

  static func unquote(_ text: String) -> String {
    let t = text.trimmingSpaces
    // Only a quote that closes at the very end encloses the whole text: `"a,b":"CN"` is a pair
    // of quoted values, not one value.
    guard t.count >= 2, let f = t.first, f == "'" || f == "\"", t.dropFirst().firstIndex(of: f) == t.index(before: t.endIndex) else { return t }
    return String(t.dropFirst().dropLast())
  }

  /// Splits a comma list, respecting quotes; items unquoted, empty ones dropped.
  static func list(_ value: String) -> [String] {
    var items: [String] = []
    var current = ""
    var quote: Character? = nil
    for c in value {
      if let q = quote {
        if c == q { quote = nil }
        current.append(c)
      } else if c == "'" || c == "\"" {
        quote = c
        current.append(c)
      } else if c == "," {
        items.append(unquote(current))
        current = ""
      } else {
        current.append(c)
      }
    }
    if !current.trimmingSpaces.isEmpty { items.append(unquote(current)) }
    return items.filter { !$0.isEmpty }
  }
}
