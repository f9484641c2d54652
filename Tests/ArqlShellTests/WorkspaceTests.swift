import Foundation
import ArqlEngine
import ArqlLedger
import Testing
@testable import ArqlShell

/// The workspace (definitions, parameters, settings) belongs to the session, not to a ledger.
@Suite("The session's workspace survives loading the ledger again")
struct WorkspaceTests {
  @Test(".reload keeps user metrics, dimensions, saved queries, parameters and every setting")
  func reloadKeepsDefinitions() {
    let c = Capture(interactive: false)
    c.session.run("""
      define metric late_share = overdue / gross_open format percent
      define dimension big = case when amount > 5000 then 'big' else 'small' end
      define query position = balance, overdue by division
      let region = 'North'
      set locale = fr
      set fiscal_year_start = 4
      set provision_rates = '0, 2, 10, 30, 60, 100'
      set as_of = 2025-03-31
      """, name: "defs")
    #expect(c.errors.isEmpty, "\(c.errors)")
    #expect(c.session.handle(line: ".reload") == .done)
    #expect(c.errors.isEmpty, "\(c.errors)")
    let status = c.session.run("late_share where division = $region\nrun position", name: "after")
    #expect(status == .ok, "\(c.errors)")
    let settings = c.session.workspace.settings
    #expect(settings.locale == "fr")
    #expect(settings.calendar.fiscalYearStartMonth == 4)
    #expect(settings.provisionRates == [0, 2, 10, 30, 60, 100])
    #expect(settings.asOfOverride == Day.parseISO("2025-03-31"))
    #expect(c.session.workspace.dimensions["big"] != nil)
    // late_share of North at 2025-03-31 in French (a decimal comma), then the saved query.
    #expect(c.output.contains("15,4"))
    #expect(c.output.contains("│ North    │"))
    #expect(c.output.contains("000,00 €"))
  }

  @Test("definitions, parameters and settings work before any ledger is loaded, and carry into it")
  func definitionsBeforeLoad() {
    let c = Capture(interactive: false, load: false)
    let status = c.session.run("""
      define metric late_share = overdue / gross_open format percent
      set as_of = 2025-03-31
      """, name: "defs")
    #expect(status == .ok, "\(c.errors)")
    #expect(c.session.engine == nil)
    #expect(c.session.run("balance", name: "q") == .loadFailed)
    c.box.err = []
    c.session.load(Capture.miniLedger)
    #expect(c.session.run("late_share", name: "q") == .ok, "\(c.errors)")
    #expect(c.output.contains("as of 2025-03-31 (session setting)"))
  }

  @Test(".set alone lists every setting with its values and current value; .show lists them too")
  func settingsTable() {
    let c = Capture(interactive: false)
    _ = c.session.handle(line: ".set")
    for setting in Setting.all {
      #expect(c.output.contains(setting.name + " = " + setting.values), "\(setting.name) missing from .set")
    }
    #expect(c.output.contains("(now: en)"))
    c.box.out = []
    _ = c.session.handle(line: ".set provision_rates '0, 1, 5, 20, 50, 90'")
    #expect(c.errors.isEmpty, "\(c.errors)")
    #expect(c.session.workspace.settings.provisionRates == [0, 1, 5, 20, 50, 90])
    _ = c.session.handle(line: ".show")
    for setting in Setting.all { #expect(c.output.contains(setting.name + ": "), "\(setting.name) missing from .show") }
    #expect(c.output.contains("provision_rates: '0, 1, 5, 20, 50, 90'"))
  }

  @Test("a wrong setting says what it takes; an unknown one gets a did-you-mean")
  func settingErrors() {
    let c = Capture(interactive: false)
    #expect(c.session.run("set fiscal_year_start = 13", name: "q") == .queryFailed)
    #expect(c.errors.contains("fiscal_year_start is a month number, 1 to 12"))
    #expect(c.session.run("set locle = fr", name: "q") == .queryFailed)
    #expect(c.errors.contains("did you mean 'locale'?"))
  }

  @Test(".load takes a mapping file as well as a folder (issue #18 item 12)")
  func loadMapping() throws {
    let dir = NSTemporaryDirectory() + "arql-load-map-" + UUID().uuidString
    try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
    try "Doc,Cust,InvoiceDate,Total\nI1,C1,2025-01-10,100.00\n".write(toFile: dir + "/export.csv", atomically: true, encoding: .utf8)
    try "[invoices]\nfile = export.csv\ncolumn invoice_id = Doc\ncolumn customer_id = Cust\ncolumn doc_date = InvoiceDate\ncolumn amount = Total\n"
      .write(toFile: dir + "/erp.map", atomically: true, encoding: .utf8)
    let c = Capture(interactive: false)
    _ = c.session.run(".load \(dir)/erp.map\nbalance", name: "m.arql")
    #expect(c.output.contains("100.00"), "\(c.output) \(c.errors)")
  }

  @Test(".print keeps apostrophes inside words and reads quotes that open a word (issue #18 item 6)")
  func printApostrophes() {
    let c = Capture(interactive: false)
    _ = c.session.run(".print Taux d'échu de l'encours\n.print 'deux mots' et \"trois mots ici\"", name: "p.arql")
    #expect(c.output == "Taux d'échu de l'encours\ndeux mots et trois mots ici")
  }

  @Test("a script stops at an unknown dot-command (exit 64) with a did-you-mean; --keep-going goes on")
  func unknownDotCommandStops() {
    let c = Capture(interactive: false)
    let status = c.session.run(".print Title\n.ouptut /tmp/never\nbalance", name: "s.arql")
    #expect(status == .usage)
    #expect(c.errors.contains("unknown command '.ouptut'; did you mean '.output'?"))
    #expect(c.output == "Title")
    let k = Capture(interactive: false)
    k.session.keepGoing = true
    _ = k.session.run(".ouptut /tmp/never\nbalance as of 2025-03-31", name: "s.arql")
    #expect(k.output.contains("25,000.00"))
  }

  @Test("a script is parsed once: its parameter declarations come from the same parse that runs")
  func scriptParsedOnce() throws {
    let c = Capture(interactive: false)
    let script = ShellScript("param div: text = 'North'\n.print heading\nbalance where division = $div as of 2025-03-31", name: "p.arql",
                             context: c.session.parserContext)
    #expect(script.parameterDeclarations.map(\.name.name) == ["div"])
    #expect(script.dotLines == [ShellScript.DotLine(line: 2, text: ".print heading")])
    try ScriptParameters.apply(["div=South"], script: script, to: &c.session.workspace.parameters)
    #expect(c.session.run(script) == .ok, "\(c.errors)")
    #expect(c.output.contains("heading"))
  }
}
