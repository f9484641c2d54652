import ArqlLedger

/// The (group, customer) pairs of an evaluation: per-customer metrics sum their kernels by
/// pair, then roll each group's customers up into one value (kpi-spec §6.4, §6.5). The last
/// pair index collects rows without a customer; no group lists it.
struct CustomerPairs {
  /// Per universe, the pair of every row (rows the where clause drops keep the spare pair).
  var rowPairs: [ColumnArray<Int32>]
  /// The customer row of each pair.
  var customerOfPair: [Int32]
  /// Per group, its pairs.
  var pairsOfGroup: [[Int32]]
  /// Whether the pairs are the customers themselves: a row's pair is its customer row.
  var isByCustomer = false

  /// A column of the spare slot for every row of a universe, kept by the caller across
  /// queries (`LedgerAttributes.constantRows`, which keeps one per universe and value).
  typealias SpareRows = (Universe, Int32) -> ColumnArray<Int32>

  /// Pair slots for kernels: every pair and the spare one.
  var slots: Int { customerOfPair.count + 1 }

  /// The pairs of an evaluation: the customers themselves when the groups allow it, else the
  /// (group, customer) pairs the rows make.
  static func make(ledger: Ledger, customersOfRows: [ColumnArray<Int32>], rowGroups: [ColumnArray<Int32>], whereMasks: [[Bool]?], groupCount: Int,
                   universes: Set<Universe>, spareRows: SpareRows? = nil) -> CustomerPairs
  {
    CustomerPairs(byCustomer: ledger.customers.count, customersOfRows: customersOfRows, rowGroups: rowGroups, whereMasks: whereMasks,
                  groupCount: groupCount, universes: universes, spareRows: spareRows)
      ?? CustomerPairs(ledger: ledger, customersOfRows: customersOfRows, rowGroups: rowGroups, whereMasks: whereMasks,
                       groupCount: groupCount, universes: universes)
  }

  /// The (group, customer) pairs the rows make, whatever the groups.
  init(ledger: Ledger, customersOfRows: [ColumnArray<Int32>], rowGroups: [ColumnArray<Int32>], whereMasks: [[Bool]?], groupCount: Int, universes: Set<Universe>) {
    let customerCount = Int64(max(1, ledger.customers.count))
    let dense = Int64(groupCount) * customerCount <= 1 << 22
    var denseIds = [Int32](repeating: -1, count: dense ? groupCount * Int(customerCount) : 0)
    var sparseIds: [Int64: Int32] = [:]
    var customerOfPair: [Int32] = []
    var pairsOfGroup = [[Int32]](repeating: [], count: groupCount)
    var rowPairs: [[Int32]] = []
    for u in Universe.allCases {
      let customers = customersOfRows[u.rawValue]
      let groups = rowGroups[u.rawValue]
      let mask = whereMasks[u.rawValue]
      var pairs = [Int32](repeating: -1, count: customers.count)
      // Rows of a universe no metric reads, or the where clause drops, keep the spare slot.
      guard universes.contains(u), groups.count == customers.count else {
        rowPairs.append(pairs)
        continue
      }
      customers.withUnsafeBufferPointer { customers in
        groups.withUnsafeBufferPointer { groups in
          pairs.withUnsafeMutableBufferPointer { pairs in
            for row in 0..<customers.count {
              let c = customers[row]
              let g = Int(groups[row])
              guard c >= 0, Int64(c) < customerCount, g < groupCount, mask?[row] ?? true else { continue }
              let key = Int64(g) * customerCount + Int64(c)
              var id = dense ? denseIds[Int(key)] : (sparseIds[key] ?? -1)
              if id < 0 {
                id = Int32(customerOfPair.count)
                customerOfPair.append(c)
                pairsOfGroup[g].append(id)
                if dense { denseIds[Int(key)] = id } else { sparseIds[key] = id }
              }
              pairs[row] = id
            }
          }
        }
      }
      rowPairs.append(pairs)
    }
    // The spare slot is known only now.
    let spareSlot = Int32(customerOfPair.count)
    for u in rowPairs.indices {
      rowPairs[u].withUnsafeMutableBufferPointer { pairs in
        for row in 0..<pairs.count where pairs[row] < 0 { pairs[row] = spareSlot }
      }
    }
    self.rowPairs = rowPairs.map { ColumnArray($0) }
    self.customerOfPair = customerOfPair
    self.pairsOfGroup = pairsOfGroup
  }

  /// The pairs when every customer's rows fall in one group (the groups are customer
  /// attributes: `by division` where documents take their customer's division): then the pair
  /// is the customer, and a row's pair is its customer row, shared with the ledger's column
  /// rather than looked up and written for every row. Nil when a used universe has a where
  /// mask, a row without a valid customer or group, or a customer in two groups: the general
  /// pairs are built then.
  /// - Complexity: one read of every used row; no row-sized array is written.
  init?(byCustomer customerCount: Int, customersOfRows: [ColumnArray<Int32>], rowGroups: [ColumnArray<Int32>], whereMasks: [[Bool]?], groupCount: Int,
        universes: Set<Universe>, spareRows: SpareRows? = nil)
  {
    guard customerCount > 0, groupCount > 0 else { return nil }
    var columns: [(customers: ColumnArray<Int32>, values: ColumnArray<Int32>)] = []
    for u in Universe.allCases where universes.contains(u) {
      guard whereMasks[u.rawValue] == nil else { return nil }
      columns.append((customersOfRows[u.rawValue], rowGroups[u.rawValue]))
    }
    guard let (groupOf, order) = CustomerLayout.sharedValues(customerCount: customerCount, columns, in: 0...Int32(groupCount - 1)) else { return nil }
    // Pairs listed in the order their rows come, as the general pairs are.
    var pairsOfGroup = [[Int32]](repeating: [], count: groupCount)
    for c in order { pairsOfGroup[Int(groupOf[Int(c)])].append(c) }
    self.init(customerCount: customerCount, customersOfRows: customersOfRows, universes: universes, pairsOfGroup: pairsOfGroup, spareRows: spareRows)
  }

  /// The customers as pairs, each group listing its own: a row's pair is its customer row
  /// (rows of universes no metric reads keep the spare slot, from `spareRows`).
  init(customerCount: Int, customersOfRows: [ColumnArray<Int32>], universes: Set<Universe>, pairsOfGroup: [[Int32]],
       spareRows: SpareRows? = nil)
  {
    let spareSlot = Int32(customerCount)
    rowPairs = Universe.allCases.map { u in
      guard !universes.contains(u) else { return customersOfRows[u.rawValue] }
      let count = customersOfRows[u.rawValue].count
      if let kept = spareRows?(u, spareSlot), kept.count == count { return kept }
      return ColumnArray(repeating: spareSlot, count: count)
    }
    customerOfPair = (0..<customerCount).map { Int32($0) }
    self.pairsOfGroup = pairsOfGroup
    isByCustomer = true
  }

  /// Pairs found elsewhere (an SQL engine's rows): no row of this process has a pair.
  init(customerOfPair: [Int32], pairsOfGroup: [[Int32]]) {
    rowPairs = []
    self.customerOfPair = customerOfPair
    self.pairsOfGroup = pairsOfGroup
  }

  /// The credit limit of each pair's customer (0 when it has none), in cents.
  func creditLimits(_ customers: CustomerTable) -> [Int64] {
    customerOfPair.map { c in customers.creditLimit[Int(c)] ?? 0 } + [0]
  }
}
