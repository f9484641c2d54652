/// A command line or script parameters the user got wrong: the message to print, exit 64.
/// Bad flags, an unknown format and `-- name=value` pairs all throw it.
public struct UsageError: Error, CustomStringConvertible {
  public let description: String

  public init(_ description: String) {
    self.description = description
  }
}
