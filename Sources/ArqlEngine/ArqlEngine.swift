/// The arql engine: metric catalog, binder, calendar, planner and columnar executor (issue [3/6]).
///
/// Nothing is implemented yet; the module exists so the package layout of DESIGN.md §2 is in place.
public enum ArqlEngine {}
