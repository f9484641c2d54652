/// arql's renderers: tables, CSV, JSON, Markdown, HTML and charts (issue [6/6]).
///
/// Nothing is implemented yet; the module exists so the package layout of DESIGN.md §2 is in place.
public enum ArqlReport {}
