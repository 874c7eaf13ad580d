using System.Collections.Immutable;
using StockMonitor.Portfolio.Performance;
using StockMonitor.Portfolio.Portfolios;

namespace StockMonitor.Portfolio.Valuation;

/// <summary>
/// A portfolio's returns since opening counted through a day that has ended, stored so that reading them adds only the
/// days after it (<see cref="PerformanceService.SinceOpeningAsync"/>). A cache of the stream, never a source of truth:
/// rebuilt from the events when a movement lands before its end (back-dated), and carried forward when days pass.
/// </summary>
/// <param name="Id">The portfolio.</param>
/// <param name="Version">The stream version it was built from.</param>
/// <param name="Progress">The returns counted from the opening day through <see cref="ReturnsProgress.Through"/>.</param>
/// <param name="Ledger">The ledger at the end of that day (the movements that happened before it).</param>
/// <param name="Later">The movements up to <paramref name="Version"/> that happened at or after the end of that day, in order.</param>
public sealed record ReturnsCheckpoint(Guid Id, long Version, ReturnsProgress Progress, Ledger Ledger, ImmutableList<Movement> Later);
