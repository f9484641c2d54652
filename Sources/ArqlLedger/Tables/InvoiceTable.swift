/// Every non-cash document: invoices, debit and credit notes, write-offs, adjustments.
public struct InvoiceTable: Sendable, Codable {
  /// Document ids; row `r` has code `r`.
  public var id: DictionaryColumn
  /// Customer row.
  public var customer: ColumnArray<Int32>
  public var docType: ColumnArray<DocType>
  public var docDate: ColumnArray<Int32>
  /// Posting date (the document's date when the file has none).
  public var postingDate: ColumnArray<Int32>
  /// Due date (defaulted from terms when the file has none; see `dueDateDefaulted`).
  public var dueDate: ColumnArray<Int32>
  /// Rows whose due date was computed from payment terms.
  public var dueDateDefaulted: BoolColumn
  /// Amount in cents, receivable-positive: CN and WO are negative.
  public var amount: ColumnArray<Int64>
  public var currency: DictionaryColumn
  public var amountCurrency: MoneyColumn
  /// Row of the document this one settles, or -1.
  public var appliesTo: ColumnArray<Int32>
  public var division: DictionaryColumn
  public var salesRep: DictionaryColumn
  public var collector: DictionaryColumn
  /// Amount excluding VAT, for provisions.
  public var netAmount: MoneyColumn
  /// Item status (`legal` = in litigation).
  public var status: DictionaryColumn
  public var extras: [NamedColumn]

  /// The number of documents.
  public var count: Int { amount.count }

  /// Whether a status says the document is in litigation (legal, litigation, contentieux): the
  /// forecast excludes it, a FEC books it on 416.
  public static func isLegalStatus(_ status: String) -> Bool {
    ["legal", "litigation", "contentieux"].contains(status.lowercased())
  }

  /// Per document, whether its status says litigation.
  public var legalFlags: [Bool] {
    let legal = status.dictionary.map(InvoiceTable.isLegalStatus)
    return status.codes.map { $0 >= 0 && legal[Int($0)] }
  }
}
