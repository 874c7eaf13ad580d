using Marten;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using StockMonitor.Portfolio.Portfolios;
using StockMonitor.Portfolio.Portfolios.Events;
using StockMonitor.Portfolio.Valuation;

namespace StockMonitor.Portfolio.Tests.Valuation;

/// <summary>
/// The returns since opening read from a <see cref="ReturnsCheckpoint"/> plus the days after it are the figures of the
/// whole calculation, whether the checkpoint is built, read again, read after movements recorded today, carried forward
/// when days pass, or rebuilt after a back-dated movement; and a read really takes the days before today from it. A
/// performance period likewise equals the whole calculation when it starts from a stored <see cref="WeekStartLedger"/>.
/// Against the fixture's PostgreSQL, hour closes from the pricing stand-in, a fake clock.
/// </summary>
public class ReturnsCheckpointTests(PortfolioApiFixture api) : IClassFixture<PortfolioApiFixture>
{
    private static DateTimeOffset At(int day, int hour, int minute = 0) => new(2026, 1, day, hour, minute, 0, TimeSpan.Zero);

    [Fact]
    public async Task SinceOpening_equals_the_whole_calculation_as_the_checkpoint_is_built_reused_carried_forward_and_rebuilt()
    {
        // Arrange: a week of deposits, withdrawals and trades in two symbols, one with hour closes from pricing.
        var id = Guid.CreateVersion7();
        var symbol = SymbolWithDailyCloses("CK", id, 20, day => 100m + (day * 3) - (day % 4 * 5));

        await AppendAsync(
            id,
            new PortfolioOpened(id, "Checkpoint", "checkpoint-tests", "USD", At(1, 9)),
            new CashDeposited(id, 10_000m, At(2, 10)),
            new SharesBought(id, symbol, 50m, 100m, 1m, At(2, 11)),
            new SharesBought(id, "OTHER", 20m, 50m, 0m, At(3, 12)),
            new CashWithdrawn(id, 1_000m, At(4, 9)),
            new CashDeposited(id, 500m, At(6, 14)),
            new SharesSold(id, symbol, 10m, 120m, 1m, At(7, 16)));
        var clock = new FakeTimeProvider(At(8, 12));
        var service = Service(clock);

        // Act + assert: built (through Jan 7) on the first read.
        await AssertSameAsWholeAsync(service, id);
        var built = await CheckpointAsync(id);
        Assert.Equal((new DateOnly(2026, 1, 7), 7L), (built.Progress.Through, built.Version));

        // Read again, then after a movement recorded today: the checkpoint serves both as it is.
        await AssertSameAsWholeAsync(service, id);
        await AppendAsync(id, new SharesBought(id, symbol, 5m, 118m, 1m, At(8, 10)), new CashDeposited(id, 300m, At(8, 11)));
        await AssertSameAsWholeAsync(service, id);
        var reused = await CheckpointAsync(id);
        Assert.Equal((built.Version, built.Progress.Through, built.Progress.Growth), (reused.Version, reused.Progress.Through, reused.Progress.Growth));

        // A week later: carried forward to yesterday, the movements of Jan 8 now inside it.
        clock.SetUtcNow(At(15, 12));
        await AssertSameAsWholeAsync(service, id);
        var carried = await CheckpointAsync(id);
        Assert.Equal((new DateOnly(2026, 1, 14), 9L), (carried.Progress.Through, carried.Version));
        Assert.Empty(carried.Later);

        // A deposit back-dated before the checkpoint's end: rebuilt from the stream.
        await AppendAsync(id, new CashDeposited(id, 2_000m, At(5, 10)));
        await AssertSameAsWholeAsync(service, id);
        var rebuilt = await CheckpointAsync(id);
        Assert.Equal((new DateOnly(2026, 1, 14), 10L), (rebuilt.Progress.Through, rebuilt.Version));
    }

    [Fact]
    public async Task SinceOpening_takes_the_days_before_today_from_the_checkpoint_until_a_back_dated_movement()
    {
        // Arrange: cash only, so every day's return is 0 and the time-weighted return since opening is 0.
        var id = Guid.CreateVersion7();
        await AppendAsync(
            id,
            new PortfolioOpened(id, "Checkpoint", "checkpoint-tests", "USD", At(1, 9)),
            new CashDeposited(id, 1_000m, At(2, 10)));
        var service = Service(new FakeTimeProvider(At(9, 12)));
        var portfolio = await StateAsync(id);
        Assert.Equal(0m, (await service.SinceOpeningAsync(portfolio, CancellationToken.None)).TimeWeightedReturn);

        // Act: the stored growth through Jan 8 changed behind the service's back to 3 (+200 %).
        var checkpoint = await CheckpointAsync(id);
        await using (var session = api.Store.LightweightSession())
        {
            session.Store(checkpoint with { Progress = checkpoint.Progress with { Growth = 3m } });
            await session.SaveChangesAsync();
        }

        var fromCheckpoint = await service.SinceOpeningAsync(portfolio, CancellationToken.None);
        await AppendAsync(id, new CashDeposited(id, 1m, At(3, 10)));
        var rebuilt = await service.SinceOpeningAsync(await StateAsync(id), CancellationToken.None);

        // Assert: the read chained today's return (0) onto the stored 3: 3 × 1 − 1 = 2; a back-dated deposit rebuilt it.
        Assert.Equal(2m, fromCheckpoint.TimeWeightedReturn);
        Assert.Equal(0m, rebuilt.TimeWeightedReturn);
    }

    [Fact]
    public async Task A_period_from_the_week_ledger_equals_the_whole_calculation_as_ledgers_are_stored_reused_and_computed_again()
    {
        // Arrange: five weeks of movements (opened Jan 1), one symbol with hour closes from pricing.
        var id = Guid.CreateVersion7();
        var symbol = SymbolWithDailyCloses("WK", id, 31, day => 80m + (day * 2) - (day % 3 * 4));

        await AppendAsync(
            id,
            new PortfolioOpened(id, "Weeks", "checkpoint-tests", "USD", At(1, 9)),
            new CashDeposited(id, 10_000m, At(2, 10)),
            new SharesBought(id, symbol, 40m, 82m, 1m, At(3, 11)),
            new CashWithdrawn(id, 500m, At(9, 9)),
            new SharesBought(id, "OTHER", 10m, 50m, 0m, At(12, 12)),
            new SharesSold(id, symbol, 15m, 110m, 1m, At(16, 16)),
            new CashDeposited(id, 700m, At(20, 14)),
            new DividendReceived(id, symbol, 12m, At(23, 10)),
            new SharesBought(id, symbol, 5m, 125m, 0m, At(27, 11)));
        var service = Service(new FakeTimeProvider(At(31, 12)));

        // Act + assert: Jan 17–30 starts in week 2 (Jan 15): weeks 1 and 2 are stored.
        await AssertPeriodSameAsWholeAsync(service, id, 17, 30);
        Assert.Equal([1, 2], await StoredWeeksAsync(id));

        // A later period: week 3 is added from week 2; an earlier one reuses week 1; one in week 0 needs none.
        await AssertPeriodSameAsWholeAsync(service, id, 23, 30);
        await AssertPeriodSameAsWholeAsync(service, id, 10, 12);
        await AssertPeriodSameAsWholeAsync(service, id, 2, 20);
        Assert.Equal([1, 2, 3], await StoredWeeksAsync(id));

        // Movements recorded since: one dated after week 3 starts is read after it; one back-dated into week 1 makes the
        // weeks from then on computed again.
        await AppendAsync(id, new CashDeposited(id, 300m, At(30, 11)));
        await AssertPeriodSameAsWholeAsync(service, id, 23, 30);
        await AppendAsync(id, new CashWithdrawn(id, 200m, At(10, 10)));
        await AssertPeriodSameAsWholeAsync(service, id, 23, 30);
        await using var session = api.Store.QuerySession();
        var third = await session.LoadAsync<WeekStartLedger>(WeekStartLedger.IdOf(id, 3));
        Assert.Equal(11L, third?.Version);
    }

    [Fact]
    public async Task A_period_starts_from_the_stored_week_ledger_until_a_movement_is_dated_before_it()
    {
        // Arrange: cash only, opened Jan 1; a period in week 2 stores its ledger (1,000 cash).
        var id = Guid.CreateVersion7();
        await AppendAsync(
            id,
            new PortfolioOpened(id, "Week ledger", "checkpoint-tests", "USD", At(1, 9)),
            new CashDeposited(id, 1_000m, At(2, 10)));
        var service = Service(new FakeTimeProvider(At(25, 12)));
        var portfolio = await StateAsync(id);
        Assert.Equal(1_000m, (await service.PeriodAsync(portfolio, new DateOnly(2026, 1, 16), new DateOnly(2026, 1, 20), CancellationToken.None)).StartValue);

        // Act: the stored week 2 changed behind the service's back to 4,000 cash.
        await using (var session = api.Store.LightweightSession())
        {
            var stored = await session.LoadAsync<WeekStartLedger>(WeekStartLedger.IdOf(id, 2));
            session.Store(stored! with { Ledger = stored.Ledger with { Cash = 4_000m } });
            await session.SaveChangesAsync();
        }

        var fromStored = await service.PeriodAsync(portfolio, new DateOnly(2026, 1, 16), new DateOnly(2026, 1, 20), CancellationToken.None);
        await AppendAsync(id, new CashDeposited(id, 1m, At(3, 10)));
        var computedAgain = await service.PeriodAsync(await StateAsync(id), new DateOnly(2026, 1, 16), new DateOnly(2026, 1, 20), CancellationToken.None);

        // Assert: the period started from the stored 4,000; a deposit back-dated before the week made it 1,001 again.
        Assert.Equal(4_000m, fromStored.StartValue);
        Assert.Equal(1_001m, computedAgain.StartValue);
    }

    private async Task AssertPeriodSameAsWholeAsync(PerformanceService service, Guid id, int fromDay, int toDay)
    {
        var portfolio = await StateAsync(id);
        var (from, to) = (new DateOnly(2026, 1, fromDay), new DateOnly(2026, 1, toDay));
        var period = await service.PeriodAsync(portfolio, from, to, CancellationToken.None);
        var whole = await service.CalculateAsync(portfolio, from, to, CancellationToken.None);
        Assert.NotNull(whole.TimeWeightedReturn);
        Assert.Equal(System.Text.Json.JsonSerializer.Serialize(whole), System.Text.Json.JsonSerializer.Serialize(period));
    }

    private async Task<List<int>> StoredWeeksAsync(Guid id)
    {
        await using var session = api.Store.QuerySession();
        return [.. (await session.Query<WeekStartLedger>().Where(w => w.PortfolioId == id).ToListAsync()).Select(w => w.Week).Order()];
    }

    /// <summary>A symbol of this test's own, with an hour close at 15:00 on each of Jan 1 to <paramref name="days"/> from pricing.</summary>
    private string SymbolWithDailyCloses(string prefix, Guid id, int days, Func<int, decimal> close)
    {
        var symbol = $"{prefix}{id.ToString("N")[..6].ToUpperInvariant()}";
        var bars = api.Pricing.HourBars.AddOrUpdate(symbol, _ => [], (_, bars) => bars);
        for (var day = 1; day <= days; day++)
        {
            bars.Add(new PricingBar(At(day, 15), close(day)));
        }

        return symbol;
    }

    private PerformanceService Service(TimeProvider clock) =>
        new(api.Store, api.Services.GetRequiredService<PriceHistory>(), api.Services.GetRequiredService<LivePrices>(), clock);

    private async Task AssertSameAsWholeAsync(PerformanceService service, Guid id)
    {
        var portfolio = await StateAsync(id);
        var summary = await service.SinceOpeningAsync(portfolio, CancellationToken.None);
        var today = summary.To;
        var whole = await service.CalculateAsync(portfolio, DateOnly.FromDateTime(portfolio.OpenedAt.UtcDateTime), today, CancellationToken.None);
        Assert.NotNull(whole.TimeWeightedReturn);
        Assert.Equal(
            (whole.From, whole.To, whole.TimeWeightedReturn, whole.MoneyWeightedReturn),
            (summary.From, summary.To, summary.TimeWeightedReturn, summary.MoneyWeightedReturn));
    }

    private async Task AppendAsync(Guid id, params object[] events)
    {
        await using var session = api.Store.LightweightSession();
        if (events[0] is PortfolioOpened)
        {
            PortfolioSnapshots.StartStream(session, id, events);
        }
        else
        {
            // Events only, as most commands append (the state is the snapshot at opening and the events after it).
            session.Events.Append(id, events);
        }

        await session.SaveChangesAsync();
    }

    private async Task<PortfolioState> StateAsync(Guid id)
    {
        await using var session = api.Store.QuerySession();
        return (await PortfolioSnapshots.LoadAsync(session, id, CancellationToken.None))?.State ?? throw new InvalidOperationException($"No portfolio {id}.");
    }

    private async Task<ReturnsCheckpoint> CheckpointAsync(Guid id)
    {
        await using var session = api.Store.QuerySession();
        return await session.LoadAsync<ReturnsCheckpoint>(id) ?? throw new InvalidOperationException($"No checkpoint for {id}.");
    }
}
