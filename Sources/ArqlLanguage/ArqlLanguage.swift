/// The arql language: tokens, lexer, AST, parser and diagnostics (issue [2/6]).
///
/// Nothing is implemented yet; the module exists so the package layout of DESIGN.md §2 is in
/// place and later stages can be added without reshaping the package.
public enum ArqlLanguage {}
