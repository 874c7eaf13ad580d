using StockMonitor.Portfolio.Portfolios;

namespace StockMonitor.Portfolio.Valuation;

/// <summary>
/// A portfolio's ledger at the start of week <paramref name="Week"/> of its life (00:00 UTC of its opening day + 7 ×
/// week days), stored so that a performance period starts from the week that holds its first day and reads only the
/// events from there on (<see cref="PerformanceService.PeriodAsync"/>). A cache of the stream, never a source of truth:
/// computed again when a movement recorded after it is dated before it (back-dated).
/// </summary>
/// <param name="Id">"{portfolio}:{week}" (<see cref="IdOf"/>).</param>
/// <param name="At">The instant: the ledger holds exactly the movements that happened before it.</param>
/// <param name="Version">The stream version it was computed from.</param>
/// <param name="FirstAfter">The lowest version of a movement dated at or after <paramref name="At"/> (version + 1 when
/// none): every movement recorded before it is in the ledger, so a read starts at this version.</param>
public sealed record WeekStartLedger(string Id, Guid PortfolioId, int Week, DateTimeOffset At, long Version, long FirstAfter, Ledger Ledger)
{
    public static string IdOf(Guid portfolioId, int week) => FormattableString.Invariant($"{portfolioId}:{week}");
}
