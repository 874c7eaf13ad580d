using StockMonitor.Contracts.Quotes;
using StockMonitor.Ingestion.Replay;

namespace StockMonitor.Ingestion.Tests.Replay;

public class ReplayCsvTests
{
    [Fact]
    public async Task ReadAsync_reads_bars_using_close_as_the_price_and_every_optional_column()
    {
        const string csv = """
            timestamp,symbol,open,high,low,close,volume,previous_close,currency
            2026-11-27T14:30:00Z,aapl,189.50,189.52,189.48,189.48,32337,189.50,usd
            2026-11-27T09:31:00-05:00,MSFT,410.20,410.20,410.16,410.16,76838,,
            """;

        var rows = await ReadAsync(csv);

        Assert.Equal(
            [
                new Quote("AAPL", 189.48m, "USD", 189.50m, 189.52m, 189.48m, 189.50m, 32337m, new DateTimeOffset(2026, 11, 27, 14, 30, 0, TimeSpan.Zero), "replay"),
                new Quote("MSFT", 410.16m, null, 410.20m, 410.20m, 410.16m, null, 76838m, new DateTimeOffset(2026, 11, 27, 14, 31, 0, TimeSpan.Zero), "replay"),
            ],
            rows.Select(r => r.Quote));
    }

    [Fact]
    public async Task ReadAsync_reads_ticks_with_a_price_column_in_any_order()
    {
        var rows = await ReadAsync("price,symbol,timestamp\n12.5,X,2026-11-27T14:30:00.250Z\n");

        var quote = Assert.Single(rows).Quote!;
        Assert.Equal(("X", 12.5m), (quote.Symbol, quote.Price));
        Assert.Equal(250, quote.ObservedAt.Millisecond);
    }

    [Theory]
    [InlineData("2026-11-27T14:30:00,AAPL,1", "not an ISO-8601 time with an offset")]
    [InlineData("yesterday,AAPL,1", "not an ISO-8601 time with an offset")]
    [InlineData("2026-11-27T14:30:00Z,AAPL,abc", "price 'abc' is not a number")]
    [InlineData("2026-11-27T14:30:00Z,AAPL,", "price is missing")]
    [InlineData("2026-11-27T14:30:00Z,AAPL,-1", "price -1 is not a positive amount")]
    [InlineData("2026-11-27T14:30:00Z,AAPL,0", "price 0 is not a positive amount")]
    [InlineData("2026-11-27T14:30:00Z,BAD SYMBOL,1", "symbol 'BAD SYMBOL'")]
    [InlineData("2026-11-27T14:30:00Z,AAPL", "2 fields where the header names 3")]
    public async Task ReadAsync_reports_a_bad_row_with_its_line_and_goes_on(string badRow, string reason)
    {
        var rows = await ReadAsync($"timestamp,symbol,price\n2026-11-27T14:29:00Z,GOOD,1\n{badRow}\n2026-11-27T14:31:00Z,GOOD,2\n");

        Assert.Equal(3, rows.Count);
        Assert.Equal((3, (Quote?)null), (rows[1].Line, rows[1].Quote));
        Assert.Contains(reason, rows[1].Error, StringComparison.Ordinal);
        Assert.Equal([1m, 2m], rows.Where(r => r.Quote is not null).Select(r => r.Quote!.Price));
    }

    [Theory]
    [InlineData("")]
    [InlineData("symbol,price\n")]
    [InlineData("timestamp,symbol,volume\n")]
    public async Task ReadAsync_without_the_required_columns_throws_a_clear_error(string csv)
    {
        var error = await Assert.ThrowsAsync<InvalidDataException>(() => ReadAsync(csv));

        Assert.Contains("timestamp, symbol and price", error.Message.Replace("empty: it needs a header line naming the columns", "timestamp, symbol and price", StringComparison.Ordinal), StringComparison.Ordinal);
    }

    [Fact]
    public void DueAt_spaces_rows_by_recorded_time_divided_by_speed()
    {
        var start = new DateTimeOffset(2026, 11, 28, 12, 0, 0, TimeSpan.Zero);
        var first = new DateTimeOffset(2026, 11, 27, 14, 30, 0, TimeSpan.Zero);

        Assert.Equal(start, ReplayProvider.DueAt(start, first, first, speed: 60));
        Assert.Equal(start.AddSeconds(1), ReplayProvider.DueAt(start, first, first.AddMinutes(1), speed: 60));
        Assert.Equal(start.AddMinutes(2), ReplayProvider.DueAt(start, first, first.AddMinutes(1), speed: 0.5));
    }

    private static async Task<List<ReplayRow>> ReadAsync(string csv)
    {
        using var reader = new StringReader(csv);
        var rows = new List<ReplayRow>();
        await foreach (var row in ReplayCsv.ReadAsync(reader, "replay"))
        {
            rows.Add(row);
        }

        return rows;
    }
}
