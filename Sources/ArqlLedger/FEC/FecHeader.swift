import Foundation

/// The header of a FEC (Fichier des Écritures Comptables, article A47 A-1 of the Livre des
/// procédures fiscales; kpi-spec §10, spec/fec.md): which field holds each of the 18 columns,
/// the separator, and the `Montant` + `Sens` variant. Names are matched without case, accents
/// or spaces, with the deviations seen in real exports (`EcritureLettrage`, `MontantDevise`, …).
public struct FecHeader: Sendable, Equatable {
  /// The 18 columns arql reads (`Montant`/`Sens` stand in for `Debit`/`Credit` in the variant).
  public enum Field: String, CaseIterable, Sendable {
    case journalCode = "JournalCode", journalLib = "JournalLib", ecritureNum = "EcritureNum", ecritureDate = "EcritureDate"
    case compteNum = "CompteNum", compteLib = "CompteLib", compAuxNum = "CompAuxNum", compAuxLib = "CompAuxLib"
    case pieceRef = "PieceRef", pieceDate = "PieceDate", ecritureLib = "EcritureLib", debit = "Debit", credit = "Credit"
    case ecritureLet = "EcritureLet", dateLet = "DateLet", validDate = "ValidDate", montantDevise = "Montantdevise"
    case idevise = "Idevise", montant = "Montant", sens = "Sens"

    /// The column's position in `allCases`, for lookups by array instead of by hash.
    var ordinal: Int {
      switch self {
      case .journalCode: return 0
      case .journalLib: return 1
      case .ecritureNum: return 2
      case .ecritureDate: return 3
      case .compteNum: return 4
      case .compteLib: return 5
      case .compAuxNum: return 6
      case .compAuxLib: return 7
      case .pieceRef: return 8
      case .pieceDate: return 9
      case .ecritureLib: return 10
      case .debit: return 11
      case .credit: return 12
      case .ecritureLet: return 13
      case .dateLet: return 14
      case .validDate: return 15
      case .montantDevise: return 16
      case .idevise: return 17
      case .montant: return 18
      case .sens: return 19
      }
    }

    /// Other spellings seen in real files, normalized (lower case, no accents, no spaces).
    var aliases: [String] {
      switch self {
      case .ecritureLet: return ["ecriturelet", "ecriturelettrage", "ecrturelet", "lettrage", "lettragepiece"]
      case .dateLet: return ["datelet", "datelettrage"]
      case .montantDevise: return ["montantdevise"]
      case .idevise: return ["idevise", "codedevise"]
      case .credit: return ["credit"]
      default: return [Self.normalized(rawValue)]
      }
    }

    /// A header name as compared: lower case, without accents, spaces, `_` or `-`.
    static func normalized(_ name: String) -> String {
      let folded = name.lowercased().map { c -> String in
        switch c {
        case "é", "è", "ê", "ë": return "e"
        case "à", "â", "ä": return "a"
        case "î", "ï": return "i"
        case "ô", "ö": return "o"
        case "ù", "û", "ü": return "u"
        case "ç": return "c"
        case " ", "_", "-", "\u{FEFF}": return ""
        default: return String(c)
        }
      }
      return folded.joined()
    }
  }

  /// The field separator: tab or `|`.
  public let separator: UInt8
  /// Where each column is (0-based field index).
  public let index: [Field: Int]
  /// The names of the header, as written.
  public let names: [String]
  /// Whether amounts come as `Montant` + `Sens` instead of `Debit` + `Credit`.
  public var signedAmounts: Bool { index[.debit] == nil }

  /// The columns every FEC has (with `Debit`/`Credit` or `Montant`/`Sens`).
  static let required: [Field] = [
    .journalCode, .journalLib, .ecritureNum, .ecritureDate, .compteNum, .compteLib, .compAuxNum, .compAuxLib, .pieceRef,
    .pieceDate, .ecritureLib, .ecritureLet, .dateLet, .validDate, .montantDevise, .idevise,
  ]

  /// Reads a header line, or says why it is not the header of a FEC.
  /// - Returns: nil when the line does not look like a FEC at all (fewer than half the names).
  /// - Throws: `LoadError` naming the missing columns when it looks like one but is incomplete.
  public static func read(_ line: String, file: String) throws -> FecHeader? {
    let tabs = line.filter { $0 == "\t" }.count
    let pipes = line.filter { $0 == "|" }.count
    guard max(tabs, pipes) >= 10 else { return nil }
    let separator: UInt8 = tabs >= pipes ? 9 : 124
    let names = line.split(separator: Character(UnicodeScalar(separator)), omittingEmptySubsequences: false).map {
      String($0).trimmingCharacters(in: [" ", "\r", "\u{FEFF}"])
    }
    var index: [Field: Int] = [:]
    for (k, name) in names.enumerated() {
      let key = Field.normalized(name)
      guard let field = Field.allCases.first(where: { $0.aliases.contains(key) }), index[field] == nil else { continue }
      index[field] = k
    }
    let found = index.count
    guard found >= 9 else { return nil }
    var missing = required.filter { index[$0] == nil }.map(\.rawValue)
    let pair = (index[.debit] != nil && index[.credit] != nil) || (index[.montant] != nil && index[.sens] != nil)
    if !pair { missing.append("Debit + Credit (or Montant + Sens)") }
    guard missing.isEmpty else {
      throw LoadError(.missingColumn, "this FEC header lacks " + missing.joined(separator: ", "), file: file, line: 1, column: 1,
                      sourceLine: line,
                      notes: ["a FEC has 18 columns in this order: " + Field.allCases.prefix(18).map(\.rawValue).joined(separator: ", ")
                        + " (article A47 A-1 LPF); further columns may follow"])
    }
    return FecHeader(separator: separator, index: index, names: names)
  }
}
