using System.Collections.Immutable;
using Marten;
using StockMonitor.Portfolio.Apis;
using StockMonitor.Portfolio.Performance;
using StockMonitor.Portfolio.Portfolios;

namespace StockMonitor.Portfolio.Valuation;

/// <summary>
/// Values a portfolio at past instants and hands the values and external flows to <see cref="PerformanceCalculator"/>.
/// The value at an instant = cash + Σ quantity × price, from the movements that happened strictly before it; a
/// symbol's price then is the most recent of its hour-bar closes and its own trades (in today's shares) at or
/// before the instant, and for instants after now the live price (<see cref="PastValues"/>).
/// </summary>
public sealed class PerformanceService(IDocumentStore store, PriceHistory history, LivePrices live, TimeProvider time)
{
    /// <summary>How far before the period hour closes are looked for (a symbol may not have traded for days).</summary>
    private static readonly TimeSpan LookBack = TimeSpan.FromDays(10);

    /// <summary>Days between two stored ledgers (<see cref="WeekStartLedger"/>).</summary>
    private const int WeekDays = 7;

    /// <summary>The report over [<paramref name="from"/>, <paramref name="to"/>] (UTC days), from every movement of the portfolio.</summary>
    /// <exception cref="PriceHistoryUnavailableException">Pricing could not say the past prices.</exception>
    public async Task<PerformanceReport> CalculateAsync(PortfolioState portfolio, DateOnly from, DateOnly to, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(portfolio);
        var movements = Ledger.InOrder(await MovementsAsync(portfolio, cancellationToken)).ToList();
        var values = await PastValuesAsync(Ledger.Empty, movements, DayStart(from), DayStart(to.AddDays(1)), cancellationToken);
        return PerformanceCalculator.Calculate(from, to, Flows(movements), values.ValueAt);
    }

    /// <summary>
    /// The report over [<paramref name="from"/>, <paramref name="to"/>]: the same figures as <see cref="CalculateAsync"/>,
    /// but it starts from the ledger stored at the start of the portfolio's week that holds <paramref name="from"/>
    /// (<see cref="WeekStartLedger"/>), so it reads the events from that week on, not the whole history. The weeks'
    /// ledgers missing up to it are computed from the newest one stored before it (or from the opening) and stored.
    /// </summary>
    /// <exception cref="PriceHistoryUnavailableException">Pricing could not say the past prices.</exception>
    public async Task<PerformanceReport> PeriodAsync(PortfolioState portfolio, DateOnly from, DateOnly to, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(portfolio);
        var opened = DayStart(DateOnly.FromDateTime(portfolio.OpenedAt.UtcDateTime));
        var week = (int)Math.Floor((DayStart(from) - opened).TotalDays / WeekDays);
        if (week < 1)
        {
            // The period starts in the first week: it needs the whole history.
            return await CalculateAsync(portfolio, from, to, cancellationToken);
        }

        await using var session = store.LightweightSession();
        var (ledger, later) = await WeekStartAsync(session, portfolio, opened, week, cancellationToken);
        var values = await PastValuesAsync(ledger, later, DayStart(from), DayStart(to.AddDays(1)), cancellationToken);
        return PerformanceCalculator.Calculate(from, to, Flows(later), values.ValueAt);
    }

    /// <summary>
    /// The ledger at the start of <paramref name="week"/> and the movements that happened at or after it, in order. Starts
    /// from the newest stored week at or before it that still holds (no movement recorded since it was computed is dated
    /// before it), else from the opening, and stores the weeks it passes.
    /// </summary>
    private async Task<(Ledger Ledger, IReadOnlyList<Movement> Later)> WeekStartAsync(
        IDocumentSession session, PortfolioState portfolio, DateTimeOffset opened, int week, CancellationToken cancellationToken)
    {
        var stored = await session.Query<WeekStartLedger>()
            .Where(w => w.PortfolioId == portfolio.Id && w.Week <= week)
            .OrderByDescending(w => w.Week)
            .FirstOrDefaultAsync(cancellationToken);
        var recorded = stored is null || stored.Version > portfolio.Version
            ? null
            : await PortfolioHistory.LoadAfterAsync(session, portfolio.Id, stored.FirstAfter - 1, portfolio.Version, cancellationToken);
        if (recorded is null || recorded.Any(m => m.Sequence > stored!.Version && m.At < stored.At))
        {
            // None stored, or one that a movement recorded since is dated before: from the opening.
            stored = null;
            recorded = await MovementsAsync(portfolio, cancellationToken);
        }

        // The movements the ledger does not hold: those that happened at or after its instant.
        var (ledger, start, passed) = stored is null ? (Ledger.Empty, DateTimeOffset.MinValue, 0) : (stored.Ledger, stored.At, stored.Week);
        var later = Ledger.InOrder(recorded.Where(m => m.At >= start)).ToList();
        // firstAfter[k]: the lowest version among later[k..] (dated order is not version order), taken once for every week.
        var firstAfter = new long[later.Count + 1];
        firstAfter[later.Count] = portfolio.Version + 1;
        for (var k = later.Count - 1; k >= 0; k--)
        {
            firstAfter[k] = Math.Min(later[k].Sequence, firstAfter[k + 1]);
        }

        var applied = 0;
        for (var w = passed + 1; w <= week; w++)
        {
            var at = opened.AddDays(w * WeekDays);
            for (; applied < later.Count && later[applied].At < at; applied++)
            {
                ledger = ledger.Apply(later[applied]).Ledger;
            }

            session.Store(new WeekStartLedger(WeekStartLedger.IdOf(portfolio.Id, w), portfolio.Id, w, at, portfolio.Version, firstAfter[applied], ledger));
        }

        if (passed < week)
        {
            await session.SaveChangesAsync(cancellationToken);
        }

        return (ledger, later.Skip(applied).ToList());
    }

    /// <summary>
    /// The returns since the portfolio opened, through today: the same figures as <see cref="CalculateAsync"/> from the
    /// opening day, but the days before today come from its <see cref="ReturnsCheckpoint"/>, so a read values only the
    /// days since (and reads only the events recorded since). The checkpoint is built from the whole history on the first
    /// read, after a movement back-dated before its end, and carried forward to yesterday when days have passed.
    /// </summary>
    /// <exception cref="PriceHistoryUnavailableException">Pricing could not say the past prices.</exception>
    public async Task<PerformanceSummaryView> SinceOpeningAsync(PortfolioState portfolio, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(portfolio);
        var today = DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);
        var yesterday = today.AddDays(-1);
        var opened = DateOnly.FromDateTime(portfolio.OpenedAt.UtcDateTime);
        await using var session = store.LightweightSession();

        var (checkpoint, recorded) = await UsableCheckpointAsync(session, portfolio, opened, cancellationToken);
        ImmutableList<Movement> later;
        if (checkpoint is null)
        {
            later = Ledger.InOrder(await MovementsAsync(portfolio, cancellationToken)).ToImmutableList();
            checkpoint = new ReturnsCheckpoint(portfolio.Id, portfolio.Version, PerformanceCalculator.Begin(opened, 0m), Ledger.Empty, later);
        }
        else
        {
            later = Ledger.InOrder(checkpoint.Later.AddRange(recorded)).ToImmutableList();
        }

        var counted = checkpoint.Progress.Through.AddDays(1);
        var values = await PastValuesAsync(checkpoint.Ledger, later, DayStart(counted), DayStart(today.AddDays(1)), cancellationToken);
        var flows = Flows(later);
        var progress = checkpoint.Progress;
        if (progress.Through < progress.From)
        {
            // Nothing counted yet: the value at the start of the opening day (movements dated before it, if any).
            progress = PerformanceCalculator.Begin(opened, values.ValueAt(DayStart(opened)));
        }

        if (progress.Through < yesterday)
        {
            (progress, _) = PerformanceCalculator.Advance(progress, yesterday, flows, values.ValueAt);
            var todayStart = DayStart(today);
            checkpoint = new ReturnsCheckpoint(portfolio.Id, portfolio.Version, progress, values.LedgerBefore(todayStart), later.Where(m => m.At >= todayStart).ToImmutableList());
            session.Store(checkpoint);
            await session.SaveChangesAsync(cancellationToken);
        }

        var (sinceOpening, _) = PerformanceCalculator.Advance(progress, today, flows, values.ValueAt);
        var report = PerformanceCalculator.Report(sinceOpening, []);
        return new PerformanceSummaryView(report.From, report.To, report.TimeWeightedReturn, report.MoneyWeightedReturn);
    }

    /// <summary>
    /// The stored checkpoint when it still holds (of this opening, not ahead of this state, and no movement recorded
    /// since dated before its end), with the movements recorded since; null when there is none or it does not hold.
    /// </summary>
    private static async Task<(ReturnsCheckpoint? Checkpoint, IReadOnlyList<Movement> Recorded)> UsableCheckpointAsync(
        IDocumentSession session, PortfolioState portfolio, DateOnly opened, CancellationToken cancellationToken)
    {
        var checkpoint = await session.LoadAsync<ReturnsCheckpoint>(portfolio.Id, cancellationToken);
        if (checkpoint is null || checkpoint.Version > portfolio.Version || checkpoint.Progress.From != opened)
        {
            return (null, []);
        }

        var end = DayStart(checkpoint.Progress.Through.AddDays(1));
        var recorded = await PortfolioHistory.LoadAfterAsync(session, portfolio.Id, checkpoint.Version, portfolio.Version, cancellationToken);
        return recorded.Any(m => m.At < end) ? (null, []) : (checkpoint, recorded);
    }

    /// <summary>Values from <paramref name="start"/> on, with the hour closes of every symbol involved over [from − look-back, to).</summary>
    private async Task<PastValues> PastValuesAsync(Ledger start, IReadOnlyList<Movement> ordered, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken)
    {
        var symbols = start.Holdings.Values.Where(h => h.Quantity != 0).Select(h => h.Symbol)
            .Concat(ordered.Where(m => m.Symbol is not null && m.Kind is MovementKind.Buy or MovementKind.Sell).Select(m => m.Symbol!))
            .Distinct(StringComparer.Ordinal);

        // PriceHistoryUnavailableException goes to the caller: the API answers without returns, or 503.
        var closes = new Dictionary<string, IReadOnlyList<(DateTimeOffset At, decimal Close)>>(StringComparer.Ordinal);
        foreach (var symbol in symbols)
        {
            closes[symbol] = await history.HourClosesAsync(symbol, from - LookBack, to, cancellationToken);
        }

        return new PastValues(start, ordered, closes, live, time.GetUtcNow());
    }

    private static List<ExternalFlow> Flows(IEnumerable<Movement> movements) =>
        movements.Where(m => m.IsExternalFlow).Select(m => new ExternalFlow(m.At, m.SignedFlow)).ToList();

    private static DateTimeOffset DayStart(DateOnly date) => new(date.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);

    /// <summary>The portfolio's movements up to its version: its own history when it has it, else read from its stream (the snapshot keeps none).</summary>
    private async Task<IReadOnlyList<Movement>> MovementsAsync(PortfolioState portfolio, CancellationToken cancellationToken)
    {
        if (portfolio.History is { } known)
        {
            return known;
        }

        await using var session = store.QuerySession();
        return await PortfolioHistory.LoadAsync(session, portfolio.Id, portfolio.Version, cancellationToken);
    }
}
