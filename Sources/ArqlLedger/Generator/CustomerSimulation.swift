import Foundation

/// Simulates one customer's life over the period and writes its rows.
struct CustomerSimulation {
  let config: GeneratorConfig
  let customer: Int
  let invoiceCount: Int
  let firstInvoice: Int

  private typealias G = LedgerGenerator
  /// Zero-padded widths wide enough for every number, so ids sort as numbers do.
  private var idWidth: Int { max(7, String(config.invoices).count) }
  private var customerWidth: Int { max(6, String(config.customers).count) }

  func run(_ rng: inout SplitMix64, _ out: inout CustomerOutput, _ totals: inout GeneratorTotals) {
    let start = config.start
    let end = config.end
    let profile = PayerProfile.allCases[rng.pick(PayerProfile.weights)]
    let division = G.divisionNames[rng.int(0...(config.divisions - 1))]
    let divisionIndex = G.divisionNames.firstIndex(of: division) ?? 0
    let repsPerDivision = max(1, G.salesReps.count / config.divisions)
    let salesRep = G.salesReps[(divisionIndex * repsPerDivision + rng.int(0...(repsPerDivision - 1))) % G.salesReps.count]
    let collectorsPerDivision = max(1, G.collectors.count / config.divisions)
    let collector = G.collectors[(divisionIndex * collectorsPerDivision + rng.int(0...(collectorsPerDivision - 1))) % G.collectors.count]
    let category = G.categories[rng.pick(G.categoryWeights)]
    let country = G.countries[rng.pick(G.countryWeights)]
    let terms = [30, 45, 60, 0][rng.pick([0.5, 0.25, 0.2, 0.05])]
    let size = rng.normal() * 0.6 + 7.2  // log of a typical invoice amount
    let hasLimit = rng.chance(0.92)
    let monthly = exp(size) * Double(invoiceCount) / Double(config.months)
    let limit = Int64((monthly * Double(max(terms, 30)) / 30 * (1.2 + rng.uniform() * 1.5) / 1000).rounded() * 1000) * 100
    var name = G.syllables[rng.int(0...(G.syllables.count - 1))] + G.endings[rng.int(0...(G.endings.count - 1))]
    name += rng.chance(0.08) ? ", " + G.syllables[rng.int(0...(G.syllables.count - 1))] + " & Co" : " " + G.forms[rng.int(0...(G.forms.count - 1))]
    if rng.chance(0.01) { name = "\"" + name + "\" Group" }

        out.customers.id("C", customer + 1, width: customerWidth); out.customers.text(name); out.customers.text(division); out.customers.text(salesRep); out.customers.text(collector)
    out.customers.text(category); out.customers.text(country)
    if hasLimit { out.customers.money(max(limit, 500_000)) } else { out.customers.empty() }
    out.customers.int(terms); out.customers.endRow()
        totals.row(.customers)

    // Invoice dates: seasonal month, uniform day.
    var monthStarts: [Int32] = []
    var monthWeights: [Double] = []
    let (sy, sm, _) = Day.civil(start)
    for k in 0..<config.months {
      let total = sy * 12 + (sm - 1) + k
      monthStarts.append(Day.number(year: total / 12, month: total % 12 + 1, day: 1))
      monthWeights.append(G.seasonality[total % 12])
    }
    monthStarts.append(end + 1)
    var dates: [Int32] = []
    dates.reserveCapacity(invoiceCount)
    for _ in 0..<invoiceCount {
      let m = rng.pick(monthWeights)
      let length = Int(monthStarts[m + 1] - monthStarts[m])
      dates.append(monthStarts[m] + Int32(rng.int(0...(length - 1))))
    }
    dates.sort()

    var lastPayment: (id: Int, date: Int32)? = nil
    var paymentSeq = 0
    for k in 0..<invoiceCount {
      let number = firstInvoice + k + 1
      let docDate = dates[k]
      let posting = rng.chance(0.1) ? min(end, docDate + Int32(rng.int(1...3))) : docDate
      let due = docDate + Int32(terms)
      let amount = max(1_000, Int64((exp(size + rng.normal() * 0.8) * 100).rounded()))
      let net = (amount * 100 + 60) / 120  // 20 % VAT
      let legal = profile == .bad && rng.chance(0.03)
      writeInvoice(&out.invoices, &totals, prefix: "INV", number: number, suffix: nil, type: "INV", docDate: docDate,
                   posting: posting, due: due, amount: amount, appliesTo: nil, net: net, status: legal ? "legal" : nil)
      var settled: Int64 = 0  // credits applied to this invoice

      // Credit note (about 5 %): most applied to the invoice.
      if rng.chance(0.05) {
        let cnDate = docDate + Int32(rng.int(3...40))
        if cnDate <= end {
          let cn = max(100, Int64(Double(amount) * (0.1 + 0.9 * rng.uniform())))
          let applied = rng.chance(0.85)
          writeInvoice(&out.invoices, &totals, prefix: "INV", number: number, suffix: 1, type: "CN", docDate: cnDate,
                       posting: cnDate, due: cnDate, amount: -cn, appliesTo: applied ? number : nil, net: -((cn * 100 + 60) / 120),
                       status: nil)
          if applied { settled += cn }
        }
      }

      // Dispute.
      var disputeDelay = 0
      if rng.chance(profile.disputeRate) {
        let opened = docDate + Int32(rng.int(5...45))
        if opened <= end {
          let resolution = rng.int(5...60)
          let resolved = opened + Int32(resolution)
          let partial = rng.chance(0.5)
          let disputed = partial ? max(100, Int64(Double(amount - settled) * (0.2 + 0.6 * rng.uniform()))) : amount - settled
          let accepted = rng.chance(0.4)
                    out.disputes.id("DSP", number, width: idWidth); out.disputes.id("INV", number, width: idWidth)
          out.disputes.text(G.reasons[rng.pick(G.reasonWeights)]); out.disputes.day(opened)
          if resolved <= end { out.disputes.day(resolved) } else { out.disputes.empty() }
          if partial { out.disputes.money(disputed) } else { out.disputes.empty() }
          if resolved <= end { out.disputes.text(accepted ? "accepted" : "rejected") } else { out.disputes.empty() }
          out.disputes.text(collector); out.disputes.endRow()
                    totals.row(.disputes, amount: partial ? disputed : 0)
          disputeDelay = resolution
          if accepted && resolved <= end && disputed > 0 && disputed <= amount - settled {
            writeInvoice(&out.invoices, &totals, prefix: "INV", number: number, suffix: 2, type: "CN", docDate: resolved,
                         posting: resolved, due: resolved, amount: -disputed, appliesTo: number,
                         net: -((disputed * 100 + 60) / 120), status: nil)
            settled += disputed
          }
        }
      }

      // Payment.
      let toPay = amount - settled
      let neverPays = rng.chance(profile.defaultRate) || legal
      var payDate = due + Int32(profile.delay(&rng) + disputeDelay)
      payDate = max(payDate, posting)
      let paid = !neverPays && payDate <= end && toPay > 0
      if paid {
        var parts: [(Int32, Int64)] = [(payDate, toPay)]
        if rng.chance(0.08) {
          let firstDate = max(posting, payDate - Int32(rng.int(10...40)))
          let first = max(1, Int64(Double(toPay) * (0.3 + 0.4 * rng.uniform())))
          if first < toPay { parts = [(firstDate, first), (payDate, toPay - first)] }
        }
        for (date, value) in parts {
          let id: Int
          if let last = lastPayment, abs(Int(date - last.date)) <= 2, rng.chance(0.5) {
            id = last.id  // one receipt settles several invoices
          } else {
            paymentSeq += 1
            id = paymentSeq
            lastPayment = (id, date)
          }
          let payDay = lastPayment?.id == id ? (lastPayment?.date ?? date) : date
          let unapplied = rng.chance(0.015)
          let auto = rng.chance(0.75)
                    out.payments.id("R", customer + 1, width: customerWidth, suffix: id, suffixWidth: 4); out.payments.id("C", customer + 1, width: customerWidth); out.payments.day(payDay); out.payments.money(value)
          if unapplied { out.payments.empty(); out.payments.empty(); out.payments.empty(); out.payments.empty() } else {
            out.payments.id("INV", number, width: idWidth); out.payments.day(min(end, payDay + Int32(rng.int(0...4))))
            out.payments.text(auto ? "auto" : "manual")
            if auto { out.payments.empty() } else { out.payments.text(G.users[rng.int(0...(G.users.count - 1))]) }
          }
          out.payments.endRow()
                    totals.row(.payments, amount: value)
        }
      } else if !paid && toPay > 0 && profile == .bad && end - due > 270 && rng.chance(0.5) && !legal {
        writeInvoice(&out.invoices, &totals, prefix: "INV", number: number, suffix: 3, type: "WO", docDate: due + 270,
                     posting: due + 270, due: due + 270, amount: -toPay, appliesTo: number, net: -((toPay * 100 + 60) / 120),
                     status: nil)
      }

      // Dunning actions and promises for late or unpaid invoices.
      let settledOn = paid ? payDate : Int32.max
      guard toPay > 0, settledOn > due + 5 else { continue }
      let steps: [(Int32, String, String)] = [(7, "email", "reminder sent"), (15, "call", "customer will pay"),
                                               (30, "letter", "formal reminder sent"), (60, "dunning", "formal notice sent")]
      for (step, (offset, type, outcome)) in steps.enumerated() {
        let day = due + offset
        guard day < settledOn, day <= end else { break }
                out.actions.id("ACT", number, width: idWidth, suffix: step + 1); out.actions.id("C", customer + 1, width: customerWidth)
        out.actions.id("INV", number, width: idWidth); out.actions.text(collector); out.actions.text(type)
        out.actions.day(day)
        if type == "call" && rng.chance(0.2) { out.actions.text("no answer") } else { out.actions.text(outcome) }
        out.actions.endRow()
                totals.row(.actions)
        if type == "call" && rng.chance(0.6) {
          let promised = day + Int32(rng.int(5...15))
                    out.promises.id("PTP", number, width: idWidth); out.promises.id("C", customer + 1, width: customerWidth); out.promises.id("INV", number, width: idWidth)
          out.promises.money(toPay); out.promises.day(promised); out.promises.day(day)
          if rng.chance(0.03) { out.promises.text("cancelled") } else { out.promises.empty() }
          out.promises.endRow()
                    totals.row(.promises, amount: toPay)
        }
      }
    }

    // Exposures outside the ledger, dated at the end of the period.
    for (kind, p) in [("EENE", 0.12), ("ORDERS", 0.3), ("DNI", 0.08)] where rng.chance(p) {
      let value = Int64((exp(size + rng.normal() * 0.5) * 100 * Double(1 + rng.int(0...3))).rounded())
            out.exposures.id("C", customer + 1, width: customerWidth); out.exposures.text(kind); out.exposures.money(value); out.exposures.day(end - Int32(rng.int(0...20))); out.exposures.endRow()
            totals.row(.exposures, amount: value)
    }
    // A satisfaction survey for some customers.
    if rng.chance(0.3) {
            out.surveys.day(end - Int32(rng.int(0...364))); out.surveys.id("C", customer + 1, width: customerWidth); out.surveys.text(collector); out.surveys.int(profile.surveyScore(&rng))
      out.surveys.endRow()
            totals.row(.surveys)
    }
  }

  private func writeInvoice(
    _ w: inout CSVRowWriter, _ totals: inout GeneratorTotals, prefix: StaticString, number: Int, suffix: Int?, type: String,
    docDate: Int32, posting: Int32, due: Int32, amount: Int64, appliesTo: Int?, net: Int64, status: String?
  ) {
    if let suffix { w.id(prefix, number, width: idWidth, suffix: suffix) } else { w.id(prefix, number, width: idWidth) }
    w.id("C", customer + 1, width: customerWidth); w.text(type); w.day(docDate)
    if posting != docDate { w.day(posting) } else { w.empty() }
    w.day(due); w.money(amount); w.text("EUR")
    if let appliesTo { w.id("INV", appliesTo, width: idWidth) } else { w.empty() }
    w.money(net)
    if let status { w.text(status) } else { w.empty() }
    w.endRow()
    totals.row(.invoices, amount: amount)
  }
}
