import Dispatch
import Foundation

/// Generates realistic ledgers in the native schema (`arql gen`): customers with payer
/// profiles that drive payment delays, divisions, sales reps, collectors, categories,
/// countries, credit limits and terms; seasonal invoicing; credit notes (most applied);
/// partial payments, receipts settling several invoices, unapplied cash; disputes; dunning
/// actions; promises to pay (kept, broken, pending, cancelled); exposures; surveys.
///
/// Every customer has its own random stream derived from the seed and its number, and ids
/// are numbered from per-customer offsets, so the files are byte-identical for a seed
/// whatever the number of threads.
public enum LedgerGenerator {
  static let divisionNames = ["North", "South", "East", "West", "Central", "Export", "Overseas", "Online"]
  static let categories = ["Retail", "Wholesale", "Industry", "Public sector", "Services"]
  static let categoryWeights = [0.3, 0.25, 0.2, 0.1, 0.15]
  static let countries = ["FR", "BE", "DE", "ES", "IT", "GB", "CH", "NL"]
  static let countryWeights = [0.55, 0.1, 0.1, 0.07, 0.07, 0.05, 0.03, 0.03]
  static let collectors = ["Camille Martin", "Lucas Bernard", "Chloé Dubois", "Hugo Thomas", "Léa Robert", "Nathan Petit",
                           "Manon Durand", "Enzo Leroy", "Inès Moreau", "Louis Simon", "Jade Laurent", "Arthur Michel"]
  static let salesReps = ["Paul Garcia", "Emma David", "Jules Bertrand", "Alice Roux", "Tom Vincent", "Zoé Fournier",
                          "Noah Morel", "Lina Girard", "Adam André", "Rose Lefèvre", "Gabriel Mercier", "Eva Dupont",
                          "Raphaël Lambert", "Anna Bonnet", "Léo François", "Mia Martinez"]
  static let syllables = ["Al", "Bel", "Cor", "Dela", "Euro", "Fran", "Gal", "Hex", "Ibe", "Jur", "Kap", "Lum", "Mar", "Nor",
                          "Oce", "Pro", "Quad", "Riv", "Sol", "Tech", "Uni", "Val", "Ven", "Zen"]
  static let endings = ["dis", "tec", "via", "mat", "plast", "agro", "log", "med", "bat", "print", "nova", "chem"]
  static let forms = ["SA", "SARL", "SAS", "GmbH", "SpA", "Ltd", "NV", "& Fils", "Industries", "Distribution"]
  static let reasons = ["price", "quantity", "missing POD", "quality", "duplicate billing", "delivery delay"]
  static let reasonWeights = [0.3, 0.2, 0.15, 0.15, 0.1, 0.1]
  static let users = ["j.martin", "s.bernard", "a.petit", "m.roux"]
  /// Invoicing seasonality, January to December.
  static let seasonality = [0.9, 0.95, 1.1, 1.0, 1.0, 1.05, 0.85, 0.6, 1.05, 1.1, 1.1, 1.3]

  static let headers: [TableKind: [String]] = [
    .customers: ["customer_id", "name", "division", "sales_rep", "collector", "category", "country", "credit_limit",
                 "payment_terms_days"],
    .invoices: ["invoice_id", "customer_id", "doc_type", "doc_date", "posting_date", "due_date", "amount", "currency",
                "applies_to", "net_amount", "status"],
    .payments: ["payment_id", "customer_id", "payment_date", "amount", "invoice_id", "match_date", "match_method", "user"],
    .disputes: ["dispute_id", "invoice_id", "reason", "opened", "resolved", "amount", "outcome", "owner"],
    .actions: ["action_id", "customer_id", "invoice_id", "agent", "type", "date", "outcome"],
    .promises: ["promise_id", "customer_id", "invoice_id", "amount", "promised_date", "created", "status"],
    .exposures: ["customer_id", "kind", "amount", "date"],
    .surveys: ["date", "customer_id", "agent", "score"],
  ]

  /// Writes the ledger's CSV files into `directory` (created if needed).
  /// - Returns: the generator's own totals (rows and amount sums per table).
  @discardableResult
  public static func generate(_ config: GeneratorConfig, to directory: String, threads: Int = ProcessInfo.processInfo.activeProcessorCount)
    throws -> GeneratorTotals
  {
    try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    // Invoice counts per customer from skewed weights, then offsets so ids do not depend on chunking.
    var weights = [Double](repeating: 0, count: config.customers)
    for c in 0..<config.customers {
      var rng = SplitMix64(seed: config.seed, stream: UInt64(c) &* 2 &+ 1)
      weights[c] = 1 / max(0.02, rng.uniform()).squareRoot()
    }
    let totalWeight = weights.reduce(0, +)
    var counts = weights.map { max(1, Int(Double(config.invoices) * $0 / totalWeight)) }
    var assigned = counts.reduce(0, +)
    var c = 0
    while assigned < config.invoices {
      counts[c % config.customers] += 1
      assigned += 1
      c += 1
    }
    c = 0
    while assigned > config.invoices {
      if counts[c % config.customers] > 1 {
        counts[c % config.customers] -= 1
        assigned -= 1
      }
      c += 1
    }
    var offsets = [Int](repeating: 0, count: config.customers + 1)
    for i in 0..<config.customers { offsets[i + 1] = offsets[i] + counts[i] }

    var handles: [TableKind: FileHandle] = [:]
    for kind in TableKind.allCases {
      let path = (directory as NSString).appendingPathComponent(kind.fileName)
      FileManager.default.createFile(atPath: path, contents: nil)
      guard let handle = FileHandle(forWritingAtPath: path) else {
        throw LoadError(.unreadable, "cannot write \(path)", file: path)
      }
      var writer = CSVRowWriter()
      writer.header(headers[kind] ?? [])
      handle.write(Data(writer.bytes))
      handles[kind] = handle
    }
    defer { for handle in handles.values { try? handle.close() } }

    var totals = GeneratorTotals()
    let batch = 8_192
    var first = 0
    let workers = max(1, threads)
    while first < config.customers {
      let last = min(config.customers, first + batch * workers)
      let per = (last - first + workers - 1) / workers
      let parts = UnsafeMutableBufferPointer<CustomerChunk?>.allocate(capacity: workers)
      parts.initialize(repeating: nil)
      let job = GenerateJob(config: config, counts: counts, offsets: offsets, parts: parts)
      let lower = first
      DispatchQueue.concurrentPerform(iterations: workers) { k in
        let from = lower + k * per
        let to = min(last, from + per)
        if from < to { job.run(slot: k, customers: from..<to) }
      }
      for k in 0..<workers {
        guard let part = parts[k] else { continue }
        for kind in TableKind.allCases {
          if let bytes = part.writers[kind]?.bytes, !bytes.isEmpty { handles[kind]?.write(Data(bytes)) }
        }
        totals.add(part.totals)
      }
      parts.deinitialize()
      parts.deallocate()
      first = last
    }
    return totals
  }

  /// Rows generated for a range of customers.
  struct CustomerChunk {
    var writers: [TableKind: CSVRowWriter] = [:]
    var totals = GeneratorTotals()
  }

  struct GenerateJob: @unchecked Sendable {
    let config: GeneratorConfig
    let counts: [Int]
    let offsets: [Int]
    let parts: UnsafeMutableBufferPointer<CustomerChunk?>

    func run(slot: Int, customers: Range<Int>) {
      var chunk = CustomerChunk()
      var out = CustomerOutput()
      for c in customers {
        var rng = SplitMix64(seed: config.seed, stream: UInt64(c) &* 2 &+ 2)
        CustomerSimulation(config: config, customer: c, invoiceCount: counts[c], firstInvoice: offsets[c]).run(&rng, &out, &chunk.totals)
      }
      chunk.writers = out.writers
      parts[slot] = chunk
    }
  }
}

/// The per-table writers one worker fills.
struct CustomerOutput {
  var customers = CSVRowWriter()
  var invoices = CSVRowWriter(capacity: 1 << 20)
  var payments = CSVRowWriter(capacity: 1 << 20)
  var disputes = CSVRowWriter()
  var actions = CSVRowWriter(capacity: 1 << 20)
  var promises = CSVRowWriter()
  var exposures = CSVRowWriter()
  var surveys = CSVRowWriter()

  var writers: [TableKind: CSVRowWriter] {
    [.customers: customers, .invoices: invoices, .payments: payments, .disputes: disputes, .actions: actions,
     .promises: promises, .exposures: exposures, .surveys: surveys]
  }
}
