extension Ledger {
  /// The ledger with the rows of an append after its own. The new tables' references are
  /// already rows of the combined tables (`LedgerBuilder` in append mode); their ids were
  /// checked to be new, so id dictionaries are joined without a lookup, except receipt ids,
  /// which may repeat an earlier line's and are recoded through `keys`.
  func appending(customers newCustomers: CustomerTable, invoices new: InvoiceTable, payments cash: PaymentTable,
                 disputes: DisputeTable, actions: ActionTable, promises: PromiseTable, exposures: ExposureTable,
                 surveys: SurveyTable, tables: Set<TableKind>, keys: LedgerKeys) -> Ledger
  {
    let isNew: (String) -> Int32? = { _ in nil }
    var invoices = self.invoices
    let n = invoices.count
    invoices.id.append(new.id, existingCode: isNew)
    invoices.customer += new.customer
    invoices.docType += new.docType
    invoices.docDate += new.docDate
    invoices.postingDate += new.postingDate
    invoices.dueDate += new.dueDate
    invoices.dueDateDefaulted = invoices.dueDateDefaulted.appending(new.dueDateDefaulted)
    invoices.amount += new.amount
    invoices.currency.append(new.currency)
    invoices.amountCurrency.append(new.amountCurrency)
    invoices.appliesTo += new.appliesTo
    invoices.division.append(new.division)
    invoices.salesRep.append(new.salesRep)
    invoices.collector.append(new.collector)
    invoices.netAmount.append(new.netAmount)
    invoices.status.append(new.status)
    invoices.extras = invoices.extras.appending(new.extras, count: n, extra: new.count)

    var payments = self.payments
    let p = payments.count
    payments.paymentId.append(cash.paymentId) { keys.row(.payments, $0) }
    payments.customer += cash.customer
    payments.paymentDate += cash.paymentDate
    payments.amount += cash.amount
    payments.invoice += cash.invoice
    payments.matchDate.append(cash.matchDate)
    payments.matchMethod.append(cash.matchMethod)
    payments.user.append(cash.user)
    payments.extras = payments.extras.appending(cash.extras, count: p, extra: cash.count)

    var allDisputes = self.disputes
    let d = allDisputes.count
    allDisputes.id.append(disputes.id, existingCode: isNew)
    allDisputes.invoice += disputes.invoice
    allDisputes.reason.append(disputes.reason)
    allDisputes.opened += disputes.opened
    allDisputes.resolved.append(disputes.resolved)
    allDisputes.amount.append(disputes.amount)
    allDisputes.outcome.append(disputes.outcome)
    allDisputes.owner.append(disputes.owner)
    allDisputes.extras = allDisputes.extras.appending(disputes.extras, count: d, extra: disputes.count)

    var allActions = self.actions
    let a = allActions.count
    allActions.id.append(actions.id, existingCode: isNew)
    allActions.customer += actions.customer
    allActions.invoice += actions.invoice
    allActions.agent.append(actions.agent)
    allActions.type.append(actions.type)
    allActions.date += actions.date
    allActions.outcome.append(actions.outcome)
    allActions.extras = allActions.extras.appending(actions.extras, count: a, extra: actions.count)

    var allPromises = self.promises
    let q = allPromises.count
    allPromises.id.append(promises.id, existingCode: isNew)
    allPromises.customer += promises.customer
    allPromises.invoice += promises.invoice
    allPromises.amount += promises.amount
    allPromises.promisedDate += promises.promisedDate
    allPromises.created += promises.created
    allPromises.cancelled = allPromises.cancelled.appending(promises.cancelled)
    allPromises.status.append(promises.status)
    allPromises.extras = allPromises.extras.appending(promises.extras, count: q, extra: promises.count)

    var allExposures = self.exposures
    allExposures.extras = allExposures.extras.appending(exposures.extras, count: allExposures.count, extra: exposures.count)
    allExposures.customer += exposures.customer
    allExposures.kind += exposures.kind
    allExposures.amount += exposures.amount
    allExposures.date += exposures.date

    var allSurveys = self.surveys
    allSurveys.extras = allSurveys.extras.appending(surveys.extras, count: allSurveys.count, extra: surveys.count)
    allSurveys.date += surveys.date
    allSurveys.customer += surveys.customer
    allSurveys.agent.append(surveys.agent)
    allSurveys.score += surveys.score

    return Ledger(customers: newCustomers, invoices: invoices, payments: payments, disputes: allDisputes, actions: allActions,
                  promises: allPromises, exposures: allExposures, surveys: allSurveys, loadedTables: loadedTables.union(tables))
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
    result.extras = extras.appending(other.extras, count: count, extra: other.count)
    return result
  }
}
