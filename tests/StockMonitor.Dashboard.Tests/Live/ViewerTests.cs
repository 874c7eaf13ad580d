using Microsoft.Extensions.Time.Testing;
using StockMonitor.Dashboard;
using StockMonitor.Dashboard.Live;
using StockMonitor.Dashboard.Market;

namespace StockMonitor.Dashboard.Tests.Live;

/// <summary>How one browser's stream coalesces prices: at once when a symbol was quiet, else its newest at the end of the interval.</summary>
public sealed class ViewerTests
{
    private static readonly DateTimeOffset Start = new(2026, 12, 4, 15, 0, 0, TimeSpan.Zero);
    private static readonly DashboardOptions Options = new() { QuoteInterval = TimeSpan.FromMilliseconds(200), HeartbeatInterval = TimeSpan.FromSeconds(5) };

    [Fact]
    public void A_price_of_a_symbol_not_sent_lately_is_due_at_once()
    {
        // Arrange
        var (viewer, _) = NewViewer();

        // Act
        viewer.OfferQuote(Entry("AAPL", 100m, 0));
        var (due, _) = viewer.TakeDue();

        // Assert
        Assert.Equal(["AAPL@100"], Prices(due));
    }

    [Fact]
    public void Prices_within_the_interval_go_out_once_with_the_newest_half_an_interval_after_it_is_over()
    {
        // Arrange
        var (viewer, time) = NewViewer();
        viewer.OfferQuote(Entry("AAPL", 100m, 0));
        viewer.TakeDue();

        // Act
        time.Advance(TimeSpan.FromMilliseconds(50));
        viewer.OfferQuote(Entry("AAPL", 101m, 1));
        viewer.OfferQuote(Entry("AAPL", 102m, 2));
        var (early, wait) = viewer.TakeDue();
        time.Advance(wait);
        var (late, _) = viewer.TakeDue();

        // Assert: 150 ms to the end of the interval, then 100 ms for a fresher price that did not come.
        Assert.Empty(early);
        Assert.Equal(TimeSpan.FromMilliseconds(250), wait);
        Assert.Equal(["AAPL@102"], Prices(late));
        Assert.Equal(1, viewer.Coalesced);
    }

    [Fact]
    public void A_price_that_arrives_once_the_interval_is_over_goes_out_at_once_in_place_of_the_older_one_waiting()
    {
        // Arrange
        var (viewer, time) = NewViewer();
        viewer.OfferQuote(Entry("AAPL", 100m, 0));
        viewer.TakeDue();
        time.Advance(TimeSpan.FromMilliseconds(100));
        viewer.OfferQuote(Entry("AAPL", 101m, 1));

        // Act
        time.Advance(TimeSpan.FromMilliseconds(120));
        var (waiting, _) = viewer.TakeDue();
        viewer.OfferQuote(Entry("AAPL", 102m, 2));
        var (due, _) = viewer.TakeDue();

        // Assert
        Assert.Empty(waiting);
        Assert.Equal(["AAPL@102"], Prices(due));
    }

    [Fact]
    public void An_older_price_is_never_sent_after_a_newer_one()
    {
        // Arrange
        var (viewer, time) = NewViewer();
        viewer.OfferQuote(Entry("AAPL", 102m, 2));
        viewer.TakeDue();
        time.Advance(TimeSpan.FromSeconds(1));

        // Act
        viewer.OfferQuote(Entry("AAPL", 101m, 1));
        var (due, _) = viewer.TakeDue();

        // Assert
        Assert.DoesNotContain(due, e => e.Name == "quotes");
    }

    [Fact]
    public void A_newer_price_waiting_is_not_replaced_by_an_older_one()
    {
        // Arrange
        var (viewer, time) = NewViewer();
        viewer.OfferQuote(Entry("AAPL", 100m, 0));
        viewer.TakeDue();

        // Act
        viewer.OfferQuote(Entry("AAPL", 103m, 3));
        viewer.OfferQuote(Entry("AAPL", 101m, 1));
        time.Advance(TimeSpan.FromMilliseconds(300));
        var (due, _) = viewer.TakeDue();

        // Assert
        Assert.Equal(["AAPL@103"], Prices(due));
    }

    [Fact]
    public void Symbols_are_coalesced_each_on_its_own_clock_and_sent_together_when_due()
    {
        // Arrange
        var (viewer, time) = NewViewer();
        viewer.OfferQuote(Entry("AAPL", 100m, 0));
        viewer.TakeDue();

        // Act: MSFT has not been sent yet, so it goes at once; AAPL waits for its interval (and half of one more).
        time.Advance(TimeSpan.FromMilliseconds(100));
        viewer.OfferQuote(Entry("AAPL", 101m, 1));
        viewer.OfferQuote(Entry("MSFT", 400m, 1));
        var (first, _) = viewer.TakeDue();
        time.Advance(TimeSpan.FromMilliseconds(200));
        var (second, _) = viewer.TakeDue();

        // Assert
        Assert.Equal(["MSFT@400"], Prices(first));
        Assert.Equal(["AAPL@101"], Prices(second));
    }

    [Fact]
    public void A_snapshot_marks_its_prices_sent_so_nothing_older_follows()
    {
        // Arrange
        var (viewer, _) = NewViewer();
        viewer.OfferQuote(Entry("AAPL", 100m, 0));

        // Act
        viewer.MarkSent([Entry("AAPL", 101m, 1).Quote]);
        var (afterSnapshot, _) = viewer.TakeDue();
        viewer.OfferQuote(Entry("AAPL", 102m, 2));
        var (newer, _) = viewer.TakeDue();

        // Assert: the snapshot does not hold back the next price either.
        Assert.Empty(afterSnapshot);
        Assert.Equal(["AAPL@102"], Prices(newer));
    }

    [Fact]
    public void Prices_of_symbols_the_page_does_not_follow_are_not_sent()
    {
        // Arrange
        var (viewer, _) = NewViewer(new ViewerScope(false, new HashSet<string>(StringComparer.Ordinal) { "MSFT" }, null, false));

        // Act
        viewer.OfferQuote(Entry("AAPL", 100m, 0));
        viewer.OfferQuote(Entry("MSFT", 400m, 0));
        var (due, _) = viewer.TakeDue();

        // Assert
        Assert.Equal(["MSFT@400"], Prices(due));
    }

    [Fact]
    public void Events_go_out_in_the_order_they_came_before_the_prices()
    {
        // Arrange
        var (viewer, _) = NewViewer();

        // Act
        viewer.OfferQuote(Entry("AAPL", 100m, 0));
        viewer.Enqueue(new LiveEvent("portfolio", "{\"version\":1}"));
        viewer.Enqueue(new LiveEvent("alert", "{}"));
        var (due, _) = viewer.TakeDue();

        // Assert
        Assert.Equal(["portfolio", "alert", "quotes"], due.Select(e => e.Name));
    }

    [Fact]
    public void A_quiet_stream_sends_a_ping_every_heartbeat()
    {
        // Arrange
        var (viewer, time) = NewViewer();

        // Act
        var (quiet, wait) = viewer.TakeDue();
        time.Advance(wait);
        var (due, next) = viewer.TakeDue();

        // Assert
        Assert.Empty(quiet);
        Assert.Equal(Options.HeartbeatInterval, wait);
        Assert.Equal("ping", Assert.Single(due).Name);
        Assert.Equal(Options.HeartbeatInterval, next);
    }

    private static (Viewer Viewer, FakeTimeProvider Time) NewViewer(ViewerScope? scope = null)
    {
        var time = new FakeTimeProvider(Start);
        return (new Viewer(scope ?? new ViewerScope(true, new HashSet<string>(StringComparer.Ordinal), null, false), null, time, Options), time);
    }

    /// <summary>A quote observed <paramref name="second"/> seconds after the start.</summary>
    private static BoardEntry Entry(string symbol, decimal price, int second)
    {
        var quote = new SymbolQuote(symbol, price, "USD", 99m, price - 99m, null, null, null, null, Start.AddSeconds(second), Start.AddSeconds(second));
        return new BoardEntry(quote, WireJson.Serialize(quote));
    }

    private static List<string> Prices(IEnumerable<LiveEvent> events) =>
        events.Where(e => e.Name == "quotes").SelectMany(e => e.Quotes!).Select(q => $"{q.Symbol}@{q.Price}").ToList();
}
