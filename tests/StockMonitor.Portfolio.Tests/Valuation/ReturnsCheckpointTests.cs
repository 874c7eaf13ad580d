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
/// when days pass, or rebuilt after a back-dated movement; and a read really takes the days before today from it.
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
        var symbol = $"CK{id.ToString("N")[..6].ToUpperInvariant()}";
        for (var day = 1; day <= 20; day++)
        {
            api.Pricing.HourBars.AddOrUpdate(symbol, _ => [], (_, bars) => bars)
                .Add(new PricingBar(At(day, 15), 100m + (day * 3) - (day % 4 * 5)));
        }

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
