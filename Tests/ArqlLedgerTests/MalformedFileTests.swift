import Testing
@testable import ArqlLedger

/// One malformed input and the diagnostic it must produce.
struct MalformedCase: CustomTestStringConvertible, Sendable {
  let name: String
  let files: [String: String]
  let code: LoadError.Code
  let file: String
  let line: Int?
  let column: Int?
  let columnName: String?
  let value: String?
  var testDescription: String { name }
}

@Suite("Malformed files give located diagnostics")
struct MalformedFileTests {
  static let header = "invoice_id,customer_id,doc_date,amount\n"
  static let customers = "customer_id,name\nC1,A\nC2,B\n"

  static let cases: [MalformedCase] = [
    MalformedCase(name: "bad date", files: ["invoices.csv": header + "I1,C1,2025-01-01,10\nI2,C1,2025-02-30,10\n"],
                  code: .badDate, file: "invoices.csv", line: 3, column: 7, columnName: "doc_date", value: "2025-02-30"),
    MalformedCase(name: "bad amount", files: ["invoices.csv": header + "I1,C1,2025-01-01,12.5O\n"],
                  code: .badAmount, file: "invoices.csv", line: 2, column: 18, columnName: "amount", value: "12.5O"),
    MalformedCase(name: "too many decimals", files: ["invoices.csv": header + "I1,C1,2025-01-01,12.555\n"],
                  code: .badAmount, file: "invoices.csv", line: 2, column: 18, columnName: "amount", value: "12.555"),
    MalformedCase(name: "too few fields", files: ["invoices.csv": header + "I1,C1,2025-01-01\n"],
                  code: .fieldCount, file: "invoices.csv", line: 2, column: nil, columnName: nil, value: nil),
    MalformedCase(name: "too many fields", files: ["invoices.csv": header + "I1,C1,2025-01-01,1,234.00\n"],
                  code: .fieldCount, file: "invoices.csv", line: 2, column: nil, columnName: nil, value: nil),
    MalformedCase(name: "unclosed quote", files: ["invoices.csv": header + "I1,C1,2025-01-01,1\nI2,\"C1,2025-01-01,1\n"],
                  code: .unclosedQuote, file: "invoices.csv", line: 3, column: 4, columnName: nil, value: nil),
    MalformedCase(name: "text after a closing quote", files: ["invoices.csv": header + "I1,\"C1\"x,2025-01-01,1\n"],
                  code: .textAfterQuote, file: "invoices.csv", line: 2, column: 8, columnName: nil, value: nil),
    MalformedCase(name: "missing required value", files: ["invoices.csv": header + "I1,,2025-01-01,1\n"],
                  code: .missingValue, file: "invoices.csv", line: 2, column: 4, columnName: "customer_id", value: ""),
    MalformedCase(name: "unknown customer", files: ["customers.csv": customers, "invoices.csv": header + "I1,C1,2025-01-01,1\nI2,C9,2025-01-01,1\n"],
                  code: .unknownCustomer, file: "invoices.csv", line: 3, column: 4, columnName: "customer_id", value: "C9"),
    MalformedCase(name: "duplicate invoice id", files: ["invoices.csv": header + "I1,C1,2025-01-01,1\nI1,C1,2025-01-02,2\n"],
                  code: .duplicateId, file: "invoices.csv", line: 3, column: 1, columnName: "invoice_id", value: "I1"),
    MalformedCase(name: "duplicate customer id", files: ["customers.csv": customers + "C1,again\n", "invoices.csv": header + "I1,C1,2025-01-01,1\n"],
                  code: .duplicateId, file: "customers.csv", line: 4, column: 1, columnName: "customer_id", value: "C1"),
    MalformedCase(name: "unknown invoice in payments",
                  files: ["invoices.csv": header + "I1,C1,2025-01-01,1\n",
                          "payments.csv": "payment_id,customer_id,payment_date,amount,invoice_id\nP1,C1,2025-01-05,1,I7\n"],
                  code: .unknownInvoice, file: "payments.csv", line: 2, column: 20, columnName: "invoice_id", value: "I7"),
    MalformedCase(name: "unknown invoice in disputes",
                  files: ["invoices.csv": header + "I1,C1,2025-01-01,1\n",
                          "disputes.csv": "dispute_id,invoice_id,reason,opened\nD1,I2,price,2025-01-03\n"],
                  code: .unknownInvoice, file: "disputes.csv", line: 2, column: 4, columnName: "invoice_id", value: "I2"),
    MalformedCase(name: "unknown applies_to",
                  files: ["invoices.csv": "invoice_id,customer_id,doc_type,doc_date,amount,applies_to\nI1,C1,INV,2025-01-01,5,\nCN,C1,CN,2025-01-02,1,I9\n"],
                  code: .unknownInvoice, file: "invoices.csv", line: 3, column: 23, columnName: "applies_to", value: "I9"),
    MalformedCase(name: "bad encoding when UTF-8 is declared by a BOM",
                  files: ["invoices.csv": "\u{FEFF}" + header + "I1,C1,2025-01-01,1\n"],  // replaced with raw bytes below
                  code: .badEncoding, file: "invoices.csv", line: 2, column: 2, columnName: nil, value: nil),
    MalformedCase(name: "empty file", files: ["invoices.csv": ""],
                  code: .emptyFile, file: "invoices.csv", line: nil, column: nil, columnName: nil, value: nil),
    MalformedCase(name: "header only is an empty ledger, not an error", files: ["invoices.csv": header],
                  code: .fileNotFound, file: "", line: nil, column: nil, columnName: nil, value: nil),
    MalformedCase(name: "missing required column", files: ["invoices.csv": "invoice_id,customer,doc_date,amount\nI1,C1,2025-01-01,1\n"],
                  code: .missingColumn, file: "invoices.csv", line: 1, column: nil, columnName: nil, value: nil),
    MalformedCase(name: "misspelt optional column", files: ["invoices.csv": "invoice_id,customer_id,doc_date,amount,due_dat\nI1,C1,2025-01-01,1,\n"],
                  code: .suspiciousColumn, file: "invoices.csv", line: 1, column: nil, columnName: nil, value: nil),
    MalformedCase(name: "duplicate header", files: ["invoices.csv": "invoice_id,customer_id,doc_date,amount,Amount\nI1,C1,2025-01-01,1,2\n"],
                  code: .duplicateHeader, file: "invoices.csv", line: 1, column: nil, columnName: nil, value: nil),
    MalformedCase(name: "negative invoice", files: ["invoices.csv": "invoice_id,customer_id,doc_type,doc_date,amount\nI1,C1,INV,2025-01-01,-5\n"],
                  code: .badValue, file: "invoices.csv", line: 2, column: 22, columnName: "amount", value: "-5.00"),
    MalformedCase(name: "unknown doc_type", files: ["invoices.csv": "invoice_id,customer_id,doc_type,doc_date,amount\nI1,C1,XX,2025-01-01,5\n"],
                  code: .badValue, file: "invoices.csv", line: 2, column: 7, columnName: "doc_type", value: "XX"),
    MalformedCase(name: "dispute resolved before opened",
                  files: ["invoices.csv": header + "I1,C1,2025-01-01,1\n",
                          "disputes.csv": "dispute_id,invoice_id,reason,opened,resolved\nD1,I1,price,2025-01-05,2025-01-03\n"],
                  code: .inconsistentRow, file: "disputes.csv", line: 2, column: 24, columnName: "resolved", value: "2025-01-03"),
    MalformedCase(name: "survey score out of range",
                  files: ["invoices.csv": header + "I1,C1,2025-01-01,1\n", "surveys.csv": "date,customer_id,score\n2025-01-01,C1,6\n"],
                  code: .badValue, file: "surveys.csv", line: 2, column: 15, columnName: "score", value: "6"),
    MalformedCase(name: "no invoices file", files: ["customers.csv": customers],
                  code: .fileNotFound, file: "", line: nil, column: nil, columnName: nil, value: nil),
  ]

  @Test("diagnostic code, file, line, column, column name and value", arguments: cases)
  func diagnostic(_ c: MalformedCase) throws {
    let dir: String
    if c.code == .badEncoding {
      var bytes: [UInt8] = [0xEF, 0xBB, 0xBF] + Array((Self.header + "I").utf8) + [0xE9] + Array(",C1,2025-01-01,1\n".utf8)
      bytes = Array(bytes)
      dir = TestLedger.withBytes(["invoices.csv": bytes])
    } else {
      dir = TestLedger.with(c.files)
    }
    if c.name.hasPrefix("header only") {
      let (ledger, _) = try TestLedger.load(dir)
      #expect(ledger.invoices.count == 0)
      #expect(ledger.latestPostingDate == nil)
      return
    }
    let error = try #require(TestLedger.loadError(dir), "the load must fail")
    #expect(error.code == c.code, "\(error)")
    if !c.file.isEmpty { #expect(error.file == dir + "/" + c.file, "\(error)") }
    #expect(error.line == c.line, "\(error)")
    if let column = c.column { #expect(error.column == column, "\(error)") }
    #expect(error.columnName == c.columnName, "\(error)")
    #expect(error.value == c.value, "\(error)")
    #expect(error.description.contains("error[\(c.code.rawValue)]"))
  }

  @Test("the rendered diagnostic shows the line with a caret under the value")
  func rendering() throws {
    let dir = TestLedger.with(["invoices.csv": Self.header + "I1,C1,2025-01-01,10\nI2,C1,2025-02-30,10\nI3,C1,x,1\n"])
    let error = try #require(TestLedger.loadError(dir))
    let text = error.description
    #expect(text.hasPrefix("\(dir)/invoices.csv:3:7: error[L031]: '2025-02-30' is not a date in yyyy-MM-dd format in column 'doc_date'"))
    #expect(text.contains(" 3 | I2,C1,2025-02-30,10\n   |       ^^^^^^^^^^"))
    #expect(text.contains("1 more row has errors"))
    #expect(text.contains("--lenient"))
  }

  @Test("random corruption of a valid file never crashes: it loads or reports a located error")
  func corruption() throws {
    let good = Array((Self.header + "I1,C1,2025-01-01,10.50\n\"I2\",C2,2025-01-02,\"1,5\"\nI3,C1,2025-01-03,7\n").utf8)
    var rng = SplitMix64(seed: 7)
    let alphabet: [UInt8] = Array(",\"\n\r;|\t 0123456789-./aZé".utf8)
    for _ in 0..<300 {
      var bytes = good
      for _ in 0..<rng.int(1...4) {
        let at = rng.int(0...(bytes.count - 1))
        switch rng.int(0...2) {
        case 0: bytes.remove(at: at)
        case 1: bytes.insert(alphabet[rng.int(0...(alphabet.count - 1))], at: at)
        default: bytes[at] = alphabet[rng.int(0...(alphabet.count - 1))]
        }
      }
      let dir = TestLedger.withBytes(["invoices.csv": bytes])
      for lenient in [false, true] {
        do {
          _ = try TestLedger.load(dir, LoadOptions(lenient: lenient, rejectDirectory: dir))
        } catch let error as LoadError {
          #expect(error.file != nil)
        }
      }
    }
  }
}
