extension KernelID {
  /// The kernel of this id: the one registry of the engine. The switch is exhaustive
  /// with no default, so a new case does not compile until it says what it is.
  var kernel: Kernel {
    switch self {
    // Open items at D (kpi-spec §1.3–§1.5).
    case .balance: return Kernel(self, .pointInTime, .money, .position(.balance), fuses: true)
    case .grossOpen: return Kernel(self, .pointInTime, .money, .position(.grossOpen), fuses: true)
    case .overdue: return Kernel(self, .pointInTime, .money, .position(.overdue), readsDueDates: true, fuses: true)
    case .notDue: return Kernel(self, .pointInTime, .money, .position(.notDue), readsDueDates: true, fuses: true)
    case .unapplied: return Kernel(self, .pointInTime, .money, .position(.unapplied), fuses: true)
    case .openCount: return Kernel(self, .pointInTime, .count, .position(.openCount), fuses: true)
    case .overdueDays: return Kernel(self, .pointInTime, .money, .position(.overdueDays), readsDueDates: true)
    case .disputedAmount: return Kernel(self, .pointInTime, .money, .position(.disputedAmount))
    case .openDisputes: return Kernel(self, .pointInTime, .count, .position(.openDisputes))
    // The aged balance reads due dates on its due-date basis (MetricLeaf.readsDueDates).
    case .agedBalance: return Kernel(self, .pointInTime, .money, .aging, readsDueDates: true)
    case .periodSales: return Kernel(self, .pointInTime, .money, .periodSales)
    // Documents of the window.
    case .creditSales: return Kernel(self, .window, .money, .sales(.creditSales), fuses: true)
    case .itemCount: return Kernel(self, .window, .count, .sales(.itemCount), fuses: true)
    // The invoices of the window disputed by D, each counted at its first dispute episode (so
    // that by a dispute's reason or owner every invoice counts once).
    case .disputedInvoices: return Kernel(self, .window, .count, .dispute(.firstOfInvoice), universe: .disputes)
    // exposures.csv.
    case .discountedBills: return Kernel(self, .pointInTime, .money, .exposure(.discountedBills))
    case .openOrders: return Kernel(self, .pointInTime, .money, .exposure(.openOrders))
    case .deliveredNotInvoiced: return Kernel(self, .pointInTime, .money, .exposure(.deliveredNotInvoiced))
    // Cash of the window (kpi-spec §3.5, §6.1).
    case .collected: return Kernel(self, .window, .money, .cash(.collected), fuses: true)
    case .cashApplied: return Kernel(self, .window, .money, .cash(.applied))
    case .cashDaysLate: return Kernel(self, .window, .money, .cash(.daysLate), readsDueDates: true)
    case .cashDaysToPay: return Kernel(self, .window, .money, .cash(.daysToPay))
    case .cashTerms: return Kernel(self, .window, .money, .cash(.terms), readsDueDates: true)
    case .cashCount: return Kernel(self, .window, .money, .cash(.count))
    case .cashDaysLateCount: return Kernel(self, .window, .money, .cash(.daysLateCount), readsDueDates: true)
    case .cashDaysLateSigned: return Kernel(self, .window, .money, .cash(.daysLateSigned), readsDueDates: true)
    case .cashDaysToPayCount: return Kernel(self, .window, .money, .cash(.daysToPayCount))
    case .cashDaysLateSignedCount: return Kernel(self, .window, .money, .cash(.daysLateSignedCount), readsDueDates: true)
    // Cash application (kpi-spec §8.2).
    case .receipts: return Kernel(self, .window, .count, .matching(.receipts))
    case .autoMatched: return Kernel(self, .window, .count, .matching(.autoMatched))
    case .autoMatchedAmount: return Kernel(self, .window, .money, .matching(.autoMatchedAmount))
    case .matchedAmount: return Kernel(self, .window, .money, .matching(.matchedAmount))
    case .matchLagDays: return Kernel(self, .window, .count, .matching(.matchLagDays))
    case .matchesDated: return Kernel(self, .window, .count, .matching(.matchesDated))
    case .partialMatches: return Kernel(self, .window, .count, .matching(.partialMatches))
    case .unmatchedCash: return Kernel(self, .pointInTime, .money, .matching(.unmatchedCash))
    case .unmatchedCount: return Kernel(self, .pointInTime, .count, .matching(.unmatchedCount))
    case .unmatchedDays: return Kernel(self, .pointInTime, .money, .matching(.unmatchedDays))
    // Dispute episodes (kpi-spec §8.1).
    case .disputesOpened: return Kernel(self, .window, .count, .dispute(.opened), universe: .disputes)
    case .disputesResolved: return Kernel(self, .window, .count, .dispute(.resolved), universe: .disputes)
    case .disputeEpisodesOpen: return Kernel(self, .pointInTime, .count, .dispute(.episodesOpen), universe: .disputes)
    case .resolutionDays: return Kernel(self, .window, .count, .dispute(.resolutionDays), universe: .disputes)
    case .resolutionDaysAmount: return Kernel(self, .window, .money, .dispute(.resolutionDaysAmount), universe: .disputes)
    case .resolvedAmount: return Kernel(self, .window, .money, .dispute(.resolvedAmount), universe: .disputes)
    case .openDisputeDays: return Kernel(self, .pointInTime, .count, .dispute(.openDays), universe: .disputes)
    // Team (kpi-spec §8.3): collection and on-time rates, variances.
    case .openDue: return Kernel(self, .pointInTime, .money, .team(.openDue), readsDueDates: true)
    case .invoicedDue: return Kernel(self, .window, .money, .team(.invoicedDue), readsDueDates: true)
    case .collectedDue: return Kernel(self, .window, .money, .team(.collectedDue), readsDueDates: true)
    case .dueInWindow: return Kernel(self, .window, .money, .team(.dueInWindow), readsDueDates: true)
    case .settledOnTime: return Kernel(self, .window, .money, .team(.settledOnTime), readsDueDates: true)
    case .variances: return Kernel(self, .window, .count, .team(.variances))
    case .varianceAmount: return Kernel(self, .window, .money, .team(.varianceAmount))
    // Actions and surveys.
    case .actions: return Kernel(self, .window, .count, .team(.actions), universe: .actions)
    case .actionsFollowed: return Kernel(self, .window, .count, .team(.actionsFollowed), universe: .actions)
    case .surveyAnswers: return Kernel(self, .window, .count, .team(.surveyAnswers), universe: .surveys)
    case .satisfiedAnswers: return Kernel(self, .window, .count, .team(.satisfiedAnswers), universe: .surveys)
    // Promises to pay (kpi-spec §8.5).
    case .promisesKept: return Kernel(self, .window, .count, .team(.promisesKept), universe: .promises)
    case .promisesBroken: return Kernel(self, .window, .count, .team(.promisesBroken), universe: .promises)
    case .promisesPartial: return Kernel(self, .window, .count, .team(.promisesPartial), universe: .promises)
    case .promisesPending: return Kernel(self, .pointInTime, .count, .team(.promisesPending), universe: .promises)
    case .promisesKeptAmount: return Kernel(self, .window, .money, .team(.promisesKeptAmount), universe: .promises)
    case .promisesDueAmount: return Kernel(self, .window, .money, .team(.promisesDueAmount), universe: .promises)
    // Provisions (kpi-spec §8.4).
    case .bookedProvision: return Kernel(self, .pointInTime, .money, .team(.bookedProvision))
    case .htOpen: return Kernel(self, .pointInTime, .money, .team(.htOpen))
    case .htOverdue: return Kernel(self, .pointInTime, .money, .team(.htOverdue), readsDueDates: true)
    case .provision: return Kernel(self, .pointInTime, .money, .team(.provision), readsDueDates: true)
    case .creditLimit: return Kernel(self, .pointInTime, .money, .creditLimit)
    // The collection forecast (kpi-spec §7): the behaviour method reads due dates.
    case .forecastCash: return Kernel(self, .window, .money, .forecast(.expected), readsDueDates: true)
    case .forecastLate: return Kernel(self, .pointInTime, .money, .forecast(.late), readsDueDates: true)
    case .forecastExcluded: return Kernel(self, .pointInTime, .money, .forecast(.excluded))
    case .forecastActual: return Kernel(self, .window, .money, .forecast(.actual))
    }
  }

  var kind: MetricKind { kernel.kind }
  var unit: MetricUnit { kernel.unit }
  /// The linked universe whose rows the kernel sums; nil for the ledger's.
  var linkedUniverse: Universe? { kernel.universe }
}

extension MetricLeaf {
  /// Whether this leaf's value depends on due dates: its kernel reads them, except an aged
  /// balance by document date.
  var readsDueDates: Bool {
    if metric == .agedBalance { return (aging?.basis ?? .dueDate) == .dueDate }
    return metric.kernel.readsDueDates
  }
}
