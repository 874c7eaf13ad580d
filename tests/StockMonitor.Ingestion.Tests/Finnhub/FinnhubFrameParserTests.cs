using StockMonitor.Ingestion.Finnhub;

namespace StockMonitor.Ingestion.Tests.Finnhub;

public class FinnhubFrameParserTests
{
    [Fact]
    public void Parse_trade_frame_reads_every_trade_in_order_with_exact_prices_and_utc_times()
    {
        var frame = FinnhubFrameParser.Parse(
            """{"type":"trade","data":[{"s":"AAPL","p":122.1,"t":1672348887195,"v":1,"c":["1","8"]},{"s":"BRK.B","p":12345.6789012345678901,"t":1672348887196,"v":3.5,"c":null},{"s":"AAPL","p":1.5e2,"t":1672348887197,"v":0}]}""");

        var trades = Assert.IsType<FinnhubTradeFrame>(frame);
        Assert.Equal(
            [
                new FinnhubTrade("AAPL", 122.1m, new DateTimeOffset(2022, 12, 29, 21, 21, 27, 195, TimeSpan.Zero)),
                new FinnhubTrade("BRK.B", 12345.6789012345678901m, new DateTimeOffset(2022, 12, 29, 21, 21, 27, 196, TimeSpan.Zero)),
                new FinnhubTrade("AAPL", 150m, new DateTimeOffset(2022, 12, 29, 21, 21, 27, 197, TimeSpan.Zero)),
            ],
            trades.Trades);
        Assert.All(trades.Trades, t => Assert.Equal(TimeSpan.Zero, t.TradedAt.Offset));
        Assert.Empty(trades.Rejected);
        Assert.Equal(3, trades.Count);
    }

    [Fact]
    public void Parse_price_keeps_digits_a_double_would_lose()
    {
        var frame = FinnhubFrameParser.Parse("""{"type":"trade","data":[{"s":"X","p":0.1000000000000000055511151231,"t":1}]}""");

        var trade = Assert.Single(Assert.IsType<FinnhubTradeFrame>(frame).Trades);
        Assert.Equal(0.1000000000000000055511151231m, trade.Price);
        Assert.NotEqual((decimal)0.1000000000000000055511151231d, trade.Price);
    }

    [Fact]
    public void Parse_ping_is_a_ping()
    {
        Assert.IsType<FinnhubPingFrame>(FinnhubFrameParser.Parse("""{"type":"ping"}"""));
    }

    [Theory]
    [InlineData("""{"type":"error","msg":"Invalid symbol"}""", "Invalid symbol", null)]
    [InlineData("""{"type":"error","msg":"Subscribing to too many symbols","symbol":"TSLA"}""", "Subscribing to too many symbols", "TSLA")]
    [InlineData("""{"type":"error"}""", "(error without a message)", null)]
    public void Parse_error_carries_the_message_and_symbol_if_any(string text, string message, string? symbol)
    {
        Assert.Equal(new FinnhubErrorFrame(message, symbol), FinnhubFrameParser.Parse(text));
    }

    [Fact]
    public void Parse_unknown_type_is_ignored_by_name()
    {
        Assert.Equal(new FinnhubIgnoredFrame("news"), FinnhubFrameParser.Parse("""{"type":"news","data":[{"headline":"x"}]}"""));
    }

    [Theory]
    [InlineData("""{"type":"trade","data":[{"s":"AAPL","p":1""", "not JSON")]
    [InlineData("<html>502 Bad Gateway</html>", "not JSON")]
    [InlineData("", "not JSON")]
    [InlineData("""[{"type":"trade"}]""", "no \"type\"")]
    [InlineData("""{"data":[]}""", "no \"type\"")]
    [InlineData("""{"type":42}""", "no \"type\"")]
    [InlineData("""{"type":"trade"}""", "without a \"data\" array")]
    [InlineData("""{"type":"trade","data":{"s":"AAPL"}}""", "without a \"data\" array")]
    public void Parse_malformed_frame_says_what_is_wrong_and_quotes_its_start(string text, string problem)
    {
        var malformed = Assert.IsType<FinnhubMalformedFrame>(FinnhubFrameParser.Parse(text));

        Assert.Contains(problem, malformed.Problem, StringComparison.Ordinal);
        Assert.Contains(text.Length > 20 ? text[..20] : text, malformed.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_malformed_frame_quotes_only_the_start_of_a_long_frame_on_one_line()
    {
        var text = "{\"type\":\"trade\",\n\"data\":[" + new string('x', 10_000);

        var malformed = Assert.IsType<FinnhubMalformedFrame>(FinnhubFrameParser.Parse(text));

        Assert.True(malformed.Problem.Length < 300, malformed.Problem);
        Assert.DoesNotContain('\n', malformed.Problem);
    }

    [Theory]
    [InlineData("""{"p":5.55,"t":1672348887195}""", null, "without a symbol")]
    [InlineData("""{"s":"","p":5.55,"t":1672348887195}""", null, "without a symbol")]
    [InlineData("""{"s":42,"p":5.55,"t":1672348887195}""", null, "without a symbol")]
    [InlineData("""{"s":"NOPX","t":1672348887195}""", "NOPX", "without a price")]
    [InlineData("""{"s":"NULP","p":null,"t":1672348887195}""", "NULP", "not a positive")]
    [InlineData("""{"s":"STRP","p":"122.1","t":1672348887195}""", "STRP", "not a positive")]
    [InlineData("""{"s":"ZERO","p":0,"t":1672348887195}""", "ZERO", "not a positive")]
    [InlineData("""{"s":"NEGP","p":-1.5,"t":1672348887195}""", "NEGP", "not a positive")]
    [InlineData("""{"s":"HUGE","p":1e40,"t":1672348887195}""", "HUGE", "not a positive")]
    [InlineData("""{"s":"NOTM","p":1.5}""", "NOTM", "without a time")]
    [InlineData("""{"s":"STRT","p":1.5,"t":"soon"}""", "STRT", "not a Unix time")]
    [InlineData("""{"s":"NEGT","p":1.5,"t":-1}""", "NEGT", "not a Unix time")]
    [InlineData("""{"s":"ZROT","p":1.5,"t":0}""", "ZROT", "not a Unix time")]
    [InlineData("""{"s":"FRCT","p":1.5,"t":1672348887195.5}""", "FRCT", "not a Unix time")]
    [InlineData("""{"s":"BIGT","p":1.5,"t":999999999999999999}""", "BIGT", "not a Unix time")]
    [InlineData("\"AAPL\"", null, "not an object")]
    public void Parse_bad_trade_is_rejected_with_its_symbol_and_the_good_trades_around_it_stay(string entry, string? symbol, string problem)
    {
        var frame = FinnhubFrameParser.Parse(
            $$"""{"type":"trade","data":[{"s":"AAPL","p":1.25,"t":1672348887195},{{entry}},{"s":"MSFT","p":2.5,"t":1672348887196}]}""");

        var trades = Assert.IsType<FinnhubTradeFrame>(frame);
        Assert.Equal(["AAPL", "MSFT"], trades.Trades.Select(t => t.Symbol));
        var rejected = Assert.Single(trades.Rejected);
        Assert.Equal(symbol, rejected.Symbol);
        Assert.Contains(problem, rejected.Problem, StringComparison.Ordinal);
        Assert.Equal(3, trades.Count);
    }

    [Fact]
    public void Commands_are_the_documented_messages()
    {
        Assert.Equal("""{"type":"subscribe","symbol":"BRK.B"}""", System.Text.Encoding.UTF8.GetString(FinnhubCommands.Subscribe("BRK.B").Span));
        Assert.Equal("""{"type":"unsubscribe","symbol":"AAPL"}""", System.Text.Encoding.UTF8.GetString(FinnhubCommands.Unsubscribe("AAPL").Span));
        Assert.Equal("""{"type":"pong"}""", System.Text.Encoding.UTF8.GetString(FinnhubCommands.Pong.Span));
    }
}
