extension Ledger {
  /// Adds the rows of an append after the ledger's own, in place (the columns are extended
  /// without a copy when the ledger is their only owner). The new tables' references are
  /// already rows of the combined tables (`LedgerBuilder` in append mode); their ids were
  /// checked to be new, so id dictionaries are joined without a lookup, except receipt ids,
  /// which may repeat an earlier line's and are recoded through `keys`.
  ///
  /// - Parameter lap: told when the tables are extended, before the application index is built.
  mutating func append(_ parts: LedgerParts, keys: LedgerKeys, lap: (String) -> Void = { _ in }) {
    let (new, cash, disputes, actions, promises, exposures, surveys) =
      (parts.invoices, parts.payments, parts.disputes, parts.actions, parts.promises, parts.exposures, parts.surveys)
    let isNew: (String) -> Int32? = { _ in nil }
    // Receipt ids the ledger has keep their code (looked up before the tables change).
    var receiptCodes: [String: Int32] = [:]
    for id in cash.paymentId.dictionary {
      if let code = keys.row(.payments, id, in: self) { receiptCodes[id] = code }
    }
    let n = invoices.count
    invoices.id.append(new.id, existingCode: isNew)
    invoices.customer += new.customer
    invoices.docType += new.docType
    invoices.docDate += new.docDate
    invoices.postingDate += new.postingDate
    invoices.dueDate += new.dueDate
    invoices.dueDateDefaulted.append(new.dueDateDefaulted)
    invoices.amount += new.amount
    invoices.currency.append(new.currency)
    invoices.amountCurrency.append(new.amountCurrency)
    invoices.appliesTo += new.appliesTo
    invoices.division.append(new.division)
    invoices.salesRep.append(new.salesRep)
    invoices.collector.append(new.collector)
    invoices.netAmount.append(new.netAmount)
    invoices.status.append(new.status)
    invoices.extras.append(new.extras, count: n, extra: new.count)

    let p = payments.count
    payments.paymentId.append(cash.paymentId) { receiptCodes[$0] }
    payments.customer += cash.customer
    payments.paymentDate += cash.paymentDate
    payments.amount += cash.amount
    payments.invoice += cash.invoice
    payments.matchDate.append(cash.matchDate)
    payments.matchMethod.append(cash.matchMethod)
    payments.user.append(cash.user)
    payments.extras.append(cash.extras, count: p, extra: cash.count)

    let d = self.disputes.count
    self.disputes.id.append(disputes.id, existingCode: isNew)
    self.disputes.invoice += disputes.invoice
    self.disputes.reason.append(disputes.reason)
    self.disputes.opened += disputes.opened
    self.disputes.resolved.append(disputes.resolved)
    self.disputes.amount.append(disputes.amount)
    self.disputes.outcome.append(disputes.outcome)
    self.disputes.owner.append(disputes.owner)
    self.disputes.extras.append(disputes.extras, count: d, extra: disputes.count)

    let a = self.actions.count
    self.actions.id.append(actions.id, existingCode: isNew)
    self.actions.customer += actions.customer
    self.actions.invoice += actions.invoice
    self.actions.agent.append(actions.agent)
    self.actions.type.append(actions.type)
    self.actions.date += actions.date
    self.actions.outcome.append(actions.outcome)
    self.actions.extras.append(actions.extras, count: a, extra: actions.count)

    let q = self.promises.count
    self.promises.id.append(promises.id, existingCode: isNew)
    self.promises.customer += promises.customer
    self.promises.invoice += promises.invoice
    self.promises.amount += promises.amount
    self.promises.promisedDate += promises.promisedDate
    self.promises.created += promises.created
    self.promises.cancelled.append(promises.cancelled)
    self.promises.status.append(promises.status)
    self.promises.extras.append(promises.extras, count: q, extra: promises.count)

    self.exposures.extras.append(exposures.extras, count: self.exposures.count, extra: exposures.count)
    self.exposures.customer += exposures.customer
    self.exposures.kind += exposures.kind
    self.exposures.amount += exposures.amount
    self.exposures.date += exposures.date

    self.surveys.extras.append(surveys.extras, count: self.surveys.count, extra: surveys.count)
    self.surveys.date += surveys.date
    self.surveys.customer += surveys.customer
    self.surveys.agent.append(surveys.agent)
    self.surveys.score += surveys.score

    customers = parts.customers
    loadedTables.formUnion(parts.tables)
    lap("extend the tables")
    applications = applications.appending(invoices: invoices, payments: payments, documents: n, lines: p)
    lap("merge the new applications into the index")
  }
}

extension CustomerTable {
  /// The table followed by `other`'s customers (whose ids were checked to be new).
  func appending(_ other: CustomerTable) -> CustomerTable {
    var result = self
    result.id.append(other.id) { _ in nil }
    result.name.append(other.name)
    result.division.append(other.division)
    result.salesRep.append(other.salesRep)
    result.collector.append(other.collector)
    result.category.append(other.category)
    result.country.append(other.country)
    result.creditLimit.append(other.creditLimit)
    result.paymentTermsDays.append(other.paymentTermsDays)
    result.extras.append(other.extras, count: count, extra: other.count)
    return result
  }
}
