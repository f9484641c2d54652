import ArqlLanguage

/// How a built-in metric builds its tree of kernels from its checked arguments. The binder
/// adds the query's and the metric's filters to every leaf afterwards, so a build never sees
/// them.
public struct MetricBuild: Sendable {
  let make: @Sendable (MetricArguments, Binder) throws -> MetricTree

  init(_ make: @escaping @Sendable (MetricArguments, Binder) throws -> MetricTree) {
    self.make = make
  }

  /// One kernel, taken at the as-of date (point in time) or over the window.
  static func kernel(_ id: KernelID) -> MetricBuild { MetricBuild { _, _ in .kernel(id) } }
}
