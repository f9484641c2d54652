/// The names exports give the native columns (SAP, Sage, Cegid, QuickBooks, French and English
/// spellings), so a missing required column suggests the file's likely column — `InvoiceDate`
/// for `doc_date` — rather than another native name (issue #16).
enum ColumnSynonyms {
  /// Per native column, names seen in exports, compared without case, spaces or punctuation.
  static let names: [String: [String]] = [
    "invoice_id": ["invoice", "invoiceid", "invoiceno", "invoicenumber", "invoicenum", "documentnumber", "docnumber", "docno", "docnr", "doc", "document",
                   "reference", "ref", "belegnummer", "numerofacture", "nfacture", "facture", "piece", "pieceref", "numero"],
    "customer_id": ["customer", "customerno", "customernumber", "customercode", "client", "clientid", "codeclient", "numeroclient",
                    "account", "accountno", "debtor", "debitor", "kunde", "compauxnum", "tiers"],
    "doc_date": ["invoicedate", "documentdate", "docdate", "date", "billingdate", "issuedate", "datefacture", "datepiece", "piecedate",
                 "belegdatum", "datedocument"],
    "amount": ["total", "totalamount", "invoiceamount", "amountdue", "grossamount", "amountlc", "amountincl", "amountttc", "montant",
               "montantttc", "ttc", "betrag", "value"],
    "payment_id": ["payment", "paymentno", "paymentnumber", "receipt", "receiptno", "reference", "ref", "reglement", "numeroreglement"],
    "payment_date": ["date", "paiddate", "paymentdate", "settlementdate", "cleareddate", "clearingdate", "datereglement", "valuedate",
                     "receiptdate"],
    "reason": ["disputereason", "reasoncode", "motif", "cause"],
    "opened": ["opendate", "dateopened", "createdate", "created", "dateouverture"],
  ]

  /// The file column most likely to hold `native`, among `header`.
  static func likely(_ native: String, among header: [String]) -> String? {
    guard let synonyms = names[native] else { return nil }
    let keys = header.map(normalized)
    for synonym in synonyms {
      if let k = keys.firstIndex(of: synonym) { return header[k] }
    }
    // Then, for a date, a header that holds "date" and a synonym (`Net Invoice Date`); other
    // columns only match whole names (`InvoiceDate` is not an invoice id).
    guard native.hasSuffix("date") || native == "opened" else { return nil }
    for synonym in synonyms where synonym.count > 4 {
      if let k = keys.firstIndex(where: { $0.contains("date") && $0.contains(synonym) }) { return header[k] }
    }
    return nil
  }

  static func normalized(_ name: String) -> String {
    String(name.lowercased().unicodeScalars.filter { ($0 >= "a" && $0 <= "z") || ($0 >= "0" && $0 <= "9") }.map(Character.init))
  }
}
