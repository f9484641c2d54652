import ArqlLedger

/// Conditions on a document's type, written from `DocType` so that SQL and the native kernels
/// classify documents by the same rules (`DocType.isSale`, `isIssued`, `debitRule`).
enum SQLDocTypes {
  /// `alias.doc_type IN ('INV', ...)` for the types that satisfy `test`.
  static func type(of alias: String, where test: (DocType) -> Bool) -> String {
    "\(alias).doc_type IN (" + DocType.allCases.filter(test).map { "'\($0.code)'" }.joined(separator: ", ") + ")"
  }

  /// A sale: an invoice, a debit note or a credit note.
  static func sale(_ alias: String) -> String { type(of: alias) { $0.isSale } }

  /// Issued to the customer: an invoice or a debit note.
  static func issued(_ alias: String) -> String { type(of: alias) { $0.isIssued } }

  /// A debit item (`Ledger.isDebit`).
  static func debit(_ alias: String) -> String {
    "(" + type(of: alias) { $0.debitRule == .always } + " OR (" + type(of: alias) { $0.debitRule == .whenNotNegative } + " AND \(alias).amount >= 0))"
  }
}
