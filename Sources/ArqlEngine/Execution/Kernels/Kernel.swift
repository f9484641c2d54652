import ArqlLedger

/// One built-in kernel as a value: what it sums, over which rows, at a date or over a window,
/// in which unit, whether it reads due dates, whether the series path can fuse it, and which
/// pass of the executor computes it. `KernelID.kernel` (Kernel+Registry.swift) is the one
/// exhaustive registry; nothing else keeps a list of kernels.
struct Kernel: Sendable {
  let id: KernelID
  /// The linked universe whose rows it sums; nil for the ledger's (documents, cash, exposures).
  let universe: Universe?
  let kind: MetricKind
  let unit: MetricUnit
  /// Whether its value depends on due dates (defaulted due dates flag it MISSING_DUE_DATE).
  let readsDueDates: Bool
  /// Whether the series path computes it at every bucket end in one pass (open amounts and
  /// window sums over documents and cash, kpi-spec §1.3).
  let fuses: Bool
  /// The pass that computes it.
  let evaluator: KernelEvaluator

  /// Whether its pass reads the ledger's state at D (`Snapshot`: open amounts, unapplied cash,
  /// open disputes); the others are never handed one, so none is computed for them.
  var readsState: Bool {
    switch evaluator {
    case .position, .matching, .team, .aging: return true
    case .sales, .exposure, .cash, .dispute, .forecast, .periodSales, .creditLimit: return false
    }
  }

  init(_ id: KernelID, _ kind: MetricKind, _ unit: MetricUnit, _ evaluator: KernelEvaluator, universe: Universe? = nil,
       readsDueDates: Bool = false, fuses: Bool = false)
  {
    self.id = id
    self.kind = kind
    self.unit = unit
    self.evaluator = evaluator
    self.universe = universe
    self.readsDueDates = readsDueDates
    self.fuses = fuses
  }
}

/// Which pass of the executor computes a kernel; each family's kernels are an enum of their
/// own, so every switch over them is exhaustive.
enum KernelEvaluator: Sendable, Hashable {
  /// Open amounts at D of documents (and unapplied cash): Kernels/PositionKernels.swift.
  case position(PositionKernel)
  /// Documents posted in the window: Kernels/SalesKernels.swift.
  case sales(SalesKernel)
  /// exposures.csv at D: Kernels/ExposureKernels.swift.
  case exposure(ExposureTable.Kind)
  /// Cash lines of the window: Kernels/CashKernels.swift.
  case cash(CashKernel)
  /// Cash application (lettrage): Kernels/MatchingKernels.swift.
  case matching(MatchingKernel)
  /// Dispute episodes: Kernels/DisputeKernels.swift.
  case dispute(DisputeKernel)
  /// Collection, actions, surveys, promises, variances, provisions: Kernels/TeamKernels.swift.
  case team(TeamKernel)
  /// The collection forecast: Kernels/ForecastKernels.swift.
  case forecast(ForecastKernel)
  /// The aged balance, one column per bucket: Kernels/AgingKernel.swift.
  case aging
  /// Net sales of the countback periods back from D: Kernels/AgingKernel.swift.
  case periodSales
  /// The credit limit of each customer (per-customer trees only).
  case creditLimit
}

enum PositionKernel: Sendable, Hashable {
  case balance, grossOpen, overdue, notDue, unapplied, openCount, overdueDays, disputedAmount, openDisputes
}

enum SalesKernel: Sendable, Hashable {
  case creditSales, itemCount
}

enum CashKernel: Sendable, Hashable {
  case collected, applied, daysLate, daysToPay, terms, count, daysLateCount, daysLateSigned, daysToPayCount, daysLateSignedCount
}

enum MatchingKernel: Sendable, Hashable {
  case receipts, autoMatched, autoMatchedAmount, matchedAmount, matchLagDays, matchesDated, partialMatches, unmatchedCash,
    unmatchedCount, unmatchedDays
}

enum DisputeKernel: Sendable, Hashable {
  case opened, resolved, episodesOpen, resolutionDays, resolutionDaysAmount, resolvedAmount, openDays, firstOfInvoice
}

enum TeamKernel: Sendable, Hashable {
  case openDue, invoicedDue, collectedDue, dueInWindow, settledOnTime, variances, varianceAmount, actions, actionsFollowed,
    surveyAnswers, satisfiedAnswers, promisesKept, promisesBroken, promisesPartial, promisesPending, promisesKeptAmount,
    promisesDueAmount, bookedProvision, htOpen, htOverdue, provision
}

enum ForecastKernel: Sendable, Hashable {
  case expected, late, excluded, actual
}
