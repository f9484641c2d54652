/// The metric names the parser recognises: canonical names and multi-word aliases, built-in
/// and user-defined alike, matched by longest phrase (`aged balance` before `aged`).
public struct MetricVocabulary: Sendable {
  /// Phrase (lowercased words) → canonical name.
  private var phrases: [[String]: String] = [:]
  /// The longest phrase, in words.
  public private(set) var maxWords = 1
  /// Canonical names in the order they were added.
  public private(set) var names: [String] = []

  public init() {}

  /// A vocabulary of (canonical name, aliases) pairs.
  public init(_ entries: [(name: String, aliases: [String])]) {
    // The phrases are sorted once, not once per metric: a vocabulary is built per statement.
    var known = Set<String>()
    for entry in entries { insert(entry.name, aliases: entry.aliases, known: &known) }
    allPhrases.sort()
  }

  /// Adds a metric; a later entry with the same phrase replaces the earlier one.
  public mutating func add(_ name: String, aliases: [String] = []) {
    var known = Set(names)
    insert(name, aliases: aliases, known: &known)
    allPhrases.sort()
  }

  private mutating func insert(_ name: String, aliases: [String], known: inout Set<String>) {
    if known.insert(name).inserted { names.append(name) }
    for phrase in [name] + aliases {
      let words = MetricVocabulary.words(phrase)
      guard !words.isEmpty else { continue }
      if phrases[words] == nil { allPhrases.append(words.joined(separator: " ")) }
      phrases[words] = name
      maxWords = max(maxWords, words.count)
    }
  }

  /// The canonical name of a phrase.
  public func canonical(_ phrase: String) -> String? { phrases[MetricVocabulary.words(phrase)] }

  /// The longest prefix of `words` that is a phrase: its canonical name and length.
  public func longestMatch(_ written: [String]) -> (name: String, count: Int)? {
    let words = written.map(MetricVocabulary.fold)
    var n = min(words.count, maxWords)
    while n > 0 {
      if let name = phrases[Array(words.prefix(n))] { return (name, n) }
      n -= 1
    }
    return nil
  }

  /// Whether some phrase starts with these words.
  public func isPrefix(_ written: [String]) -> Bool {
    let words = written.map(MetricVocabulary.fold)
    return phrases.keys.contains { $0.count >= words.count && Array($0.prefix(words.count)) == words }
  }

  /// Every phrase as written, sorted, for did-you-mean.
  public private(set) var allPhrases: [String] = []

  static func words(_ phrase: String) -> [String] {
    phrase.split(whereSeparator: { $0 == " " || $0 == "\t" }).map { fold(String($0)) }
  }

  /// A word as phrases are matched: lowercase, French accents and ligatures taken off, the
  /// typographic apostrophe made straight (`Âgée` and `agee`, `d’échu` and `d'echu` match).
  public static func fold(_ word: String) -> String {
    let lower = word.lowercased()
    guard lower.unicodeScalars.contains(where: { $0.value >= 0x80 }) else { return lower }
    var folded = ""
    for scalar in lower.unicodeScalars {
      switch scalar {
      case "à", "â", "ä", "á", "ã", "å": folded += "a"
      case "é", "è", "ê", "ë": folded += "e"
      case "î", "ï", "í", "ì": folded += "i"
      case "ô", "ö", "ó", "ò", "õ": folded += "o"
      case "ù", "û", "ü", "ú": folded += "u"
      case "ç": folded += "c"
      case "ÿ": folded += "y"
      case "ñ": folded += "n"
      case "œ": folded += "oe"
      case "æ": folded += "ae"
      case "\u{2019}", "\u{2018}": folded += "'"
      case "\u{0300}"..."\u{036F}": continue  // a combining accent (decomposed text)
      default: folded.unicodeScalars.append(scalar)
      }
    }
    return folded
  }
}

/// What the parser needs to know of the catalog: metric names (longest match), dimension
/// names and saved queries (did-you-mean and known-mistake detection).
public struct ParserContext: Sendable {
  public var metrics: MetricVocabulary
  /// Dimension and column names (lowercase), for did-you-mean and validation.
  public var dimensions: [String]
  /// Whether names in `by`, `per`, `pivot` and `where` must be in `dimensions` (E011 with a
  /// did-you-mean otherwise). The engine turns it on with the ledger's columns.
  public var validatesDimensions: Bool

  public init(metrics: MetricVocabulary, dimensions: [String] = [], validatesDimensions: Bool = false) {
    self.metrics = metrics
    self.dimensions = dimensions
    self.validatesDimensions = validatesDimensions
  }
}
