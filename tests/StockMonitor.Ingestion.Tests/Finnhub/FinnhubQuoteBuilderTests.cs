using StockMonitor.Contracts.Quotes;
using StockMonitor.Ingestion.Finnhub;

namespace StockMonitor.Ingestion.Tests.Finnhub;

public class FinnhubQuoteBuilderTests
{
    // Friday 2026-11-27; 15:00 UTC is 10:00 in New York (session open), 22:00 UTC is 17:00 (after the close).
    private static readonly DateOnly Day = new(2026, 11, 27);
    private static readonly DateTimeOffset InSession = new(2026, 11, 27, 15, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset AfterClose = new(2026, 11, 27, 22, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Build_without_a_reference_gives_the_trade_alone()
    {
        var builder = new FinnhubQuoteBuilder(new FinnhubReferenceBook());

        var quote = builder.Build(new FinnhubTrade("AAPL", 122.1m, InSession));

        Assert.Equal(new Quote("AAPL", 122.1m, "USD", null, null, null, null, null, InSession, "finnhub"), quote);
    }

    [Fact]
    public void Build_with_the_days_reference_adds_previous_close_open_high_low_and_never_a_volume()
    {
        var book = new FinnhubReferenceBook();
        book.Set("AAPL", new FinnhubDailyReference(Day, 120.5m, 121m, 125m, 119m));
        var builder = new FinnhubQuoteBuilder(book);

        var quote = builder.Build(new FinnhubTrade("AAPL", 122.1m, InSession));

        Assert.Equal(new Quote("AAPL", 122.1m, "USD", 121m, 125m, 119m, 120.5m, null, InSession, "finnhub"), quote);
    }

    [Fact]
    public void Build_with_a_reference_of_another_day_leaves_it_out()
    {
        var book = new FinnhubReferenceBook();
        book.Set("AAPL", new FinnhubDailyReference(Day.AddDays(-1), 120.5m, 121m, 125m, 119m));
        var builder = new FinnhubQuoteBuilder(book);

        var quote = builder.Build(new FinnhubTrade("AAPL", 122.1m, InSession));

        Assert.Null(quote.PreviousClose);
        Assert.Null(quote.Open);
    }

    [Fact]
    public void Build_widens_the_days_range_with_accepted_session_trades_but_not_with_after_hours_ones()
    {
        var book = new FinnhubReferenceBook();
        book.Set("AAPL", new FinnhubDailyReference(Day, 120.5m, 121m, 125m, 119m));
        var builder = new FinnhubQuoteBuilder(book);
        var high = new FinnhubTrade("AAPL", 126.5m, InSession);
        var low = new FinnhubTrade("AAPL", 118.25m, InSession.AddMinutes(1));
        var afterHours = new FinnhubTrade("AAPL", 130m, AfterClose);

        var first = builder.Build(high);
        builder.Record(high);
        var second = builder.Build(low);
        builder.Record(low);
        var third = builder.Build(afterHours);
        builder.Record(afterHours);
        var fourth = builder.Build(new FinnhubTrade("AAPL", 122m, AfterClose.AddMinutes(1)));

        Assert.Equal((126.5m, 119m), (first.High, first.Low));
        Assert.Equal((126.5m, 118.25m), (second.High, second.Low));
        Assert.Equal((126.5m, 118.25m), (third.High, third.Low));
        Assert.Equal((126.5m, 118.25m), (fourth.High, fourth.Low));
    }

    [Fact]
    public void Build_does_not_count_a_trade_that_was_not_recorded()
    {
        var book = new FinnhubReferenceBook();
        book.Set("AAPL", new FinnhubDailyReference(Day, 120.5m, 121m, 125m, 119m));
        var builder = new FinnhubQuoteBuilder(book);

        builder.Build(new FinnhubTrade("AAPL", 9_999m, InSession));
        var next = builder.Build(new FinnhubTrade("AAPL", 122m, InSession.AddSeconds(1)));

        Assert.Equal(125m, next.High);
    }
}
