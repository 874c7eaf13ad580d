using Microsoft.Extensions.Options;
using StockMonitor.Dashboard.Live;
using StockMonitor.Dashboard.Market;

namespace StockMonitor.Dashboard.Tests.Market;

public sealed class MarketBoardTests
{
    private static readonly DateTimeOffset At = new(2026, 12, 4, 15, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Publish_takes_a_newer_price_and_refuses_an_older_or_equal_one()
    {
        var board = NewBoard();

        var first = board.Publish(Quote("AAPL", 100m, 10));
        var older = board.Publish(Quote("AAPL", 99m, 5));
        var same = board.Publish(Quote("AAPL", 98m, 10));
        var newer = board.Publish(Quote("AAPL", 101m, 11));

        Assert.Equal((true, false, false, true), (first, older, same, newer));
        Assert.Equal(101m, board.Get("AAPL")!.Price);
    }

    [Fact]
    public void Snapshot_lists_the_wanted_symbols_in_order_with_their_sparklines()
    {
        var board = NewBoard();
        board.Publish(Quote("MSFT", 400m, 1));
        board.Publish(Quote("AAPL", 100m, 1));
        board.Publish(Quote("TSLA", 300m, 1));

        var snapshot = board.Snapshot(s => s != "TSLA");

        Assert.Equal(["AAPL", "MSFT"], snapshot.Select(s => s.Entry.Quote.Symbol));
        Assert.Equal([100m], snapshot[0].Sparkline.Points.Select(p => p.Close));
    }

    [Fact]
    public void SeedSparkline_puts_past_closes_under_the_live_points()
    {
        var board = NewBoard();
        board.Publish(Quote("AAPL", 105m, 3600));

        board.SeedSparkline("AAPL", [new SparkPoint(At, 100m), new SparkPoint(At.AddMinutes(5), 101m), new SparkPoint(At.AddHours(1), 104m)]);

        var line = board.Snapshot(_ => true)[0].Sparkline;
        Assert.Equal([100m, 101m, 105m], line.Points.Select(p => p.Close));
    }

    [Fact]
    public void Publish_hands_a_newer_price_to_the_open_streams()
    {
        var viewers = new ViewerRegistry();
        var board = new MarketBoard(viewers, Microsoft.Extensions.Options.Options.Create(new DashboardOptions()));
        var viewer = new Viewer(new ViewerScope(true, new HashSet<string>(StringComparer.Ordinal), null, false), null, TimeProvider.System, new DashboardOptions());
        viewers.Add(viewer);

        board.Publish(Quote("AAPL", 100m, 1));
        var (due, _) = viewer.TakeDue();

        Assert.Equal("AAPL", Assert.Single(Assert.Single(due).Quotes!).Symbol);
    }

    private static MarketBoard NewBoard() =>
        new(new ViewerRegistry(), Options.Create(new DashboardOptions { SparklineStep = TimeSpan.FromMinutes(5), SparklineWindow = TimeSpan.FromHours(6.5) }));

    private static SymbolQuote Quote(string symbol, decimal price, int second) =>
        new(symbol, price, "USD", null, null, null, null, null, null, At.AddSeconds(second), At.AddSeconds(second));
}
