using System.Text;
using System.Text.Json;
using StockMonitor.Contracts.Quotes;

namespace StockMonitor.Contracts.Tests.Quotes;

public class QuoteRecordSerializerTests
{
    private const string SpecExample =
        """{"schema":"quote.v1","symbol":"AAPL","price":189.32,"currency":"USD","open":187.5,"high":190.1,"low":186.9,"previousClose":187.1,"volume":51234567,"observedAt":"2026-11-27T15:31:07.123Z","source":"simulator"}""";

    [Fact]
    public void Deserialize_spec_example_reads_every_field_exactly()
    {
        var ok = QuoteRecordSerializer.TryDeserialize(Encoding.UTF8.GetBytes(SpecExample), out var quote, out var error);

        Assert.True(ok, error);
        Assert.Equal(
            new Quote("AAPL", 189.32m, "USD", 187.5m, 190.1m, 186.9m, 187.1m, 51234567m, new DateTimeOffset(2026, 11, 27, 15, 31, 7, 123, TimeSpan.Zero), "simulator"),
            quote);
    }

    [Fact]
    public void Serialize_then_deserialize_returns_the_same_quote()
    {
        var quote = new Quote("BRK.B", 0.000123m, null, null, null, null, 412.5m, null, new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero).AddTicks(1234567), "finnhub");

        var ok = QuoteRecordSerializer.TryDeserialize(QuoteRecordSerializer.Serialize(quote), out var back, out var error);

        Assert.True(ok, error);
        Assert.Equal(quote, back);
    }

    [Fact]
    public void Serialize_writes_the_schema_and_omits_absent_fields()
    {
        var quote = new Quote("MSFT", 410m, null, null, null, null, null, null, new DateTimeOffset(2026, 11, 27, 15, 31, 7, TimeSpan.Zero), "replay");

        using var json = JsonDocument.Parse(QuoteRecordSerializer.Serialize(quote));

        Assert.Equal("quote.v1", json.RootElement.GetProperty("schema").GetString());
        Assert.Equal("2026-11-27T15:31:07Z", json.RootElement.GetProperty("observedAt").GetString());
        Assert.False(json.RootElement.TryGetProperty("volume", out _));
        Assert.False(json.RootElement.TryGetProperty("currency", out _));
    }

    [Fact]
    public void Deserialize_converts_an_offset_time_to_utc()
    {
        var json = SpecExample.Replace("2026-11-27T15:31:07.123Z", "2026-11-27T10:31:07.123-05:00", StringComparison.Ordinal);

        Assert.True(QuoteRecordSerializer.TryDeserialize(Encoding.UTF8.GetBytes(json), out var quote, out _));
        Assert.Equal(new DateTimeOffset(2026, 11, 27, 15, 31, 7, 123, TimeSpan.Zero), quote.ObservedAt);
        Assert.Equal(TimeSpan.Zero, quote.ObservedAt.Offset);
    }

    [Theory]
    [InlineData("not json at all", "not valid JSON")]
    [InlineData("<html><body>502 Bad Gateway</body></html>", "not valid JSON")]
    [InlineData("", "not valid JSON")]
    [InlineData("null", "JSON null")]
    [InlineData("""{"symbol":"AAPL","price":1,"observedAt":"2026-11-27T15:31:07Z","source":"s"}""", "schema is missing")]
    [InlineData("""{"schema":"quote.v2","symbol":"AAPL","price":1,"observedAt":"2026-11-27T15:31:07Z","source":"s"}""", "expected 'quote.v1'")]
    [InlineData("""{"schema":"quote.v1","price":1,"observedAt":"2026-11-27T15:31:07Z","source":"s"}""", "symbol is missing")]
    [InlineData("""{"schema":"quote.v1","symbol":"aapl","price":1,"observedAt":"2026-11-27T15:31:07Z","source":"s"}""", "symbol 'aapl'")]
    [InlineData("""{"schema":"quote.v1","symbol":"TOOLONGSYMBOL1","price":1,"observedAt":"2026-11-27T15:31:07Z","source":"s"}""", "symbol 'TOOLONGSYMBOL1'")]
    [InlineData("""{"schema":"quote.v1","symbol":"AA PL","price":1,"observedAt":"2026-11-27T15:31:07Z","source":"s"}""", "symbol 'AA PL'")]
    [InlineData("""{"schema":"quote.v1","symbol":"AAPL","observedAt":"2026-11-27T15:31:07Z","source":"s"}""", "price is missing")]
    [InlineData("""{"schema":"quote.v1","symbol":"AAPL","price":0,"observedAt":"2026-11-27T15:31:07Z","source":"s"}""", "price 0 is not a positive amount")]
    [InlineData("""{"schema":"quote.v1","symbol":"AAPL","price":-3.5,"observedAt":"2026-11-27T15:31:07Z","source":"s"}""", "price -3.5 is not a positive amount")]
    [InlineData("""{"schema":"quote.v1","symbol":"AAPL","price":"189.32","observedAt":"2026-11-27T15:31:07Z","source":"s"}""", "invalid JSON at $.price")]
    [InlineData("""{"schema":"quote.v1","symbol":"AAPL","price":1,"low":-1,"observedAt":"2026-11-27T15:31:07Z","source":"s"}""", "low -1 is not a positive amount")]
    [InlineData("""{"schema":"quote.v1","symbol":"AAPL","price":1,"volume":-5,"observedAt":"2026-11-27T15:31:07Z","source":"s"}""", "volume -5 is out of range")]
    [InlineData("""{"schema":"quote.v1","symbol":"AAPL","price":1,"source":"s"}""", "observedAt is missing")]
    [InlineData("""{"schema":"quote.v1","symbol":"AAPL","price":1,"observedAt":"2026-11-27T15:31:07","source":"s"}""", "not an ISO-8601 time with an offset")]
    [InlineData("""{"schema":"quote.v1","symbol":"AAPL","price":1,"observedAt":"yesterday","source":"s"}""", "not an ISO-8601 time with an offset")]
    [InlineData("""{"schema":"quote.v1","symbol":"AAPL","price":1,"observedAt":"2026-13-45T15:31:07Z","source":"s"}""", "not an ISO-8601 time with an offset")]
    [InlineData("""{"schema":"quote.v1","symbol":"AAPL","price":1,"observedAt":"2026-11-27T15:31:07Z"}""", "source is missing")]
    [InlineData("""{"schema":"quote.v1","symbol":"AAPL","price":1,"currency":"dollars","observedAt":"2026-11-27T15:31:07Z","source":"s"}""", "not an ISO 4217 code")]
    [InlineData("""[1,2,3]""", "not valid JSON")]
    public void Deserialize_invalid_record_says_why(string json, string expectedReason)
    {
        var ok = QuoteRecordSerializer.TryDeserialize(Encoding.UTF8.GetBytes(json), out var quote, out var error);

        Assert.False(ok);
        Assert.Null(quote);
        Assert.Contains(expectedReason, error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("A", true)]
    [InlineData("BRK.B", true)]
    [InlineData("^GSPC", true)]
    [InlineData("BF-B", true)]
    [InlineData("ABCDEFGHIJKL", true)]
    [InlineData("ABCDEFGHIJKLM", false)]
    [InlineData("", false)]
    [InlineData("msft", false)]
    [InlineData("MS FT", false)]
    [InlineData(null, false)]
    public void IsValidSymbol_accepts_only_upper_case_tickers(string? symbol, bool expected) =>
        Assert.Equal(expected, QuoteRecordSerializer.IsValidSymbol(symbol));
}
