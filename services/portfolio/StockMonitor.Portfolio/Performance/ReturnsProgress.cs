using System.Collections.Immutable;

namespace StockMonitor.Portfolio.Performance;

/// <summary>
/// A period's returns counted up to the end of <paramref name="Through"/> (<see cref="PerformanceCalculator.Advance"/>):
/// enough to finish it later without the days already counted.
/// </summary>
/// <param name="From">The first day of the period.</param>
/// <param name="Through">The last day counted (the day before <paramref name="From"/> when none is).</param>
/// <param name="StartValue">The value at the start of <paramref name="From"/>.</param>
/// <param name="Growth">The chained time-weighted growth so far: Π (1 + sub-period return).</param>
/// <param name="AnyReturn">Whether any sub-period had capital at work (else the return is undefined).</param>
/// <param name="EndValue">The value at the end of <paramref name="Through"/>.</param>
/// <param name="Flows">The external flows counted, in time order (what the money-weighted return needs).</param>
public sealed record ReturnsProgress(
    DateOnly From,
    DateOnly Through,
    decimal StartValue,
    decimal Growth,
    bool AnyReturn,
    decimal EndValue,
    ImmutableList<ExternalFlow> Flows);
