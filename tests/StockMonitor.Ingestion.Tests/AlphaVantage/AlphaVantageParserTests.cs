using System.Text;
using StockMonitor.Ingestion.AlphaVantage;

namespace StockMonitor.Ingestion.Tests.AlphaVantage;

public class AlphaVantageParserTests
{
    [Fact]
    public void ParseGlobalQuote_reads_every_field_exactly()
    {
        var response = AlphaVantageParser.ParseGlobalQuote(Fixtures.Bytes("global-quote-ibm.json"));

        Assert.Equal(AlphaVantageResponseKind.Quotes, response.Kind);
        var quote = Assert.Single(response.Quotes);
        Assert.Equal(
            new AlphaVantageQuote("IBM", 135.5600m, 135.7400m, 136.7600m, 134.6600m, 134.7100m, 3142489m, 0.8500m, 0.6319m, new DateOnly(2019, 8, 30)),
            quote);
        Assert.Equal("135.5600", quote.Price.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public void ParseGlobalQuote_reads_negative_change_and_percent()
    {
        var quote = Assert.Single(AlphaVantageParser.ParseGlobalQuote(Fixtures.Bytes("global-quote-falling.json")).Quotes);

        Assert.Equal("BRK.B", quote.Symbol);
        Assert.Equal(-5.3200m, quote.Change);
        Assert.Equal(-1.2934m, quote.ChangePercent);
    }

    [Fact]
    public void ObservedAt_of_a_past_trading_day_is_its_close()
    {
        var quote = Assert.Single(AlphaVantageParser.ParseGlobalQuote(Fixtures.Bytes("global-quote-ibm.json")).Quotes);

        var observedAt = quote.ObservedAt(new DateTimeOffset(2026, 11, 27, 18, 0, 0, TimeSpan.Zero));

        // 2019-08-30 16:00 EDT.
        Assert.Equal(new DateTimeOffset(2019, 8, 30, 20, 0, 0, TimeSpan.Zero), observedAt);
    }

    [Fact]
    public void ObservedAt_of_today_is_now_until_the_close_then_the_close()
    {
        var quote = Assert.Single(AlphaVantageParser.ParseGlobalQuote(Fixtures.Bytes("global-quote-falling.json")).Quotes);
        var midSession = new DateTimeOffset(2026, 11, 27, 18, 0, 0, TimeSpan.Zero); // 13:00 EST
        var evening = new DateTimeOffset(2026, 11, 28, 1, 0, 0, TimeSpan.Zero); // 20:00 EST

        Assert.Equal(midSession, quote.ObservedAt(midSession));
        Assert.Equal(new DateTimeOffset(2026, 11, 27, 21, 0, 0, TimeSpan.Zero), quote.ObservedAt(evening));
    }

    [Fact]
    public void ToQuote_uses_the_symbol_asked_for_and_reports_no_currency()
    {
        var source = Assert.Single(AlphaVantageParser.ParseGlobalQuote(Fixtures.Bytes("global-quote-ibm.json")).Quotes);

        var quote = source.ToQuote("IBM", new DateTimeOffset(2026, 11, 27, 18, 0, 0, TimeSpan.Zero), "alphavantage");

        Assert.Equal("IBM", quote.Symbol);
        Assert.Equal(135.5600m, quote.Price);
        Assert.Null(quote.Currency);
        Assert.Equal(134.7100m, quote.PreviousClose);
        Assert.Equal(3142489m, quote.Volume);
        Assert.Equal("alphavantage", quote.Source);
    }

    [Fact]
    public void ParseBulkQuotes_reads_every_entry_with_its_eastern_timestamp()
    {
        var response = AlphaVantageParser.ParseBulkQuotes(Fixtures.Bytes("bulk-quotes.json"));

        Assert.Equal(AlphaVantageResponseKind.Quotes, response.Kind);
        Assert.Empty(response.Problems);
        Assert.Equal(2, response.Quotes.Count);
        var msft = response.Quotes[0];
        Assert.Equal(
            new AlphaVantageQuote(
                "MSFT", 406.6600m, 402.2800m, 407.1500m, 401.8600m, 397.8400m, 17446720m, 8.8200m, 2.21697m, new DateOnly(2024, 5, 3),
                new DateTimeOffset(2024, 5, 3, 19, 59, 58, 123, TimeSpan.Zero)),
            msft);
        var aapl = response.Quotes[1];
        Assert.Equal(new DateTimeOffset(2024, 12, 20, 21, 0, 0, TimeSpan.Zero), aapl.Timestamp); // EST, no fraction
        Assert.Equal(1.88158m, aapl.ChangePercent);
        Assert.Equal(aapl.Timestamp, aapl.ObservedAt(DateTimeOffset.MaxValue));
    }

    [Fact]
    public void ParseBulkQuotes_keeps_good_entries_and_names_each_bad_one()
    {
        var response = AlphaVantageParser.ParseBulkQuotes(Fixtures.Bytes("bulk-quotes-mixed.json"));

        Assert.Equal(AlphaVantageResponseKind.Quotes, response.Kind);
        Assert.Equal("MSFT", Assert.Single(response.Quotes).Symbol);
        Assert.Collection(
            response.Problems,
            p => Assert.Equal(("BADP", true), (p.Symbol, p.Problem.Contains("\"close\" is not a number", StringComparison.Ordinal))),
            p => Assert.Equal(("BADT", true), (p.Symbol, p.Problem.Contains("\"timestamp\" is not a time", StringComparison.Ordinal))),
            p => Assert.Equal((null, "entry without \"symbol\""), (p.Symbol, p.Problem)),
            p => Assert.Equal((null, "entry is String, not an object"), (p.Symbol, p.Problem)));
    }

    [Theory]
    [InlineData("note.json", "Thank you for using Alpha Vantage!")]
    [InlineData("information.json", "standard API rate limit is 25 requests per day")]
    public void Throttling_message_is_recognised_by_both_parsers(string fixture, string expected)
    {
        var single = AlphaVantageParser.ParseGlobalQuote(Fixtures.Bytes(fixture));
        var bulk = AlphaVantageParser.ParseBulkQuotes(Fixtures.Bytes(fixture));

        Assert.Equal(AlphaVantageResponseKind.Throttled, single.Kind);
        Assert.Equal(AlphaVantageResponseKind.Throttled, bulk.Kind);
        Assert.Contains(expected, single.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("premium-endpoint.json", AlphaVantageResponseKind.NotEntitled)]
    [InlineData("note.json", AlphaVantageResponseKind.Throttled)]
    [InlineData("information.json", AlphaVantageResponseKind.Throttled)]
    [InlineData("information-daily-limit.json", AlphaVantageResponseKind.Throttled)]
    public void Premium_endpoint_notice_is_told_apart_from_a_rate_limit_notice(string fixture, AlphaVantageResponseKind expected)
    {
        var single = AlphaVantageParser.ParseGlobalQuote(Fixtures.Bytes(fixture));
        var bulk = AlphaVantageParser.ParseBulkQuotes(Fixtures.Bytes(fixture));

        Assert.Equal((expected, expected), (single.Kind, bulk.Kind));
        Assert.Equal(Fixtures.Text(fixture).Split('"')[3], bulk.Message);
    }

    [Fact]
    public void Bulk_answer_whose_message_says_premium_is_not_entitled_whatever_its_data()
    {
        var body = """
            {"endpoint": "Realtime Bulk Quotes", "message": "This is a premium endpoint. Sample data below.",
             "data": [{"symbol": "IBM", "timestamp": "2026-11-27 12:59:59.000", "close": "1.00"}]}
            """;

        var response = AlphaVantageParser.ParseBulkQuotes(Encoding.UTF8.GetBytes(body));

        Assert.Equal(AlphaVantageResponseKind.NotEntitled, response.Kind);
        Assert.Empty(response.Quotes);
        Assert.Contains("premium endpoint", response.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Throttling_message_wins_over_a_quote_in_the_same_answer()
    {
        var body = """{"Information": "slow down", "Global Quote": {"05. price": "1.00", "07. latest trading day": "2026-11-27"}}""";

        var response = AlphaVantageParser.ParseGlobalQuote(Encoding.UTF8.GetBytes(body));

        Assert.Equal(AlphaVantageResponseKind.Throttled, response.Kind);
    }

    [Fact]
    public void Empty_global_quote_means_no_quote()
    {
        var response = AlphaVantageParser.ParseGlobalQuote(Fixtures.Bytes("global-quote-empty.json"));

        Assert.Equal(AlphaVantageResponseKind.NoQuote, response.Kind);
        Assert.Empty(response.Quotes);
    }

    [Fact]
    public void Error_message_is_reported_with_its_text()
    {
        var response = AlphaVantageParser.ParseGlobalQuote(Fixtures.Bytes("error-message.json"));

        Assert.Equal(AlphaVantageResponseKind.ErrorMessage, response.Kind);
        Assert.StartsWith("Invalid API call.", response.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("malformed-truncated.json", "not JSON")]
    [InlineData("html-error.html", "not JSON")]
    [InlineData("global-quote-bad-price.json", "\"05. price\" is not a number: 'N/A'")]
    [InlineData("global-quote-bad-day.json", "\"07. latest trading day\" is not a date (yyyy-MM-dd): '30/08/2019'")]
    [InlineData("global-quote-missing-price.json", "\"05. price\" is missing")]
    [InlineData("time-series.json", "no \"Global Quote\" object")]
    public void ParseGlobalQuote_explains_a_malformed_answer(string fixture, string expected)
    {
        var response = AlphaVantageParser.ParseGlobalQuote(Fixtures.Bytes(fixture));

        Assert.Equal(AlphaVantageResponseKind.Malformed, response.Kind);
        Assert.Contains(expected, response.Message, StringComparison.Ordinal);
        Assert.Empty(response.Quotes);
    }

    [Theory]
    [InlineData("", "empty answer")]
    [InlineData("  \n", "empty answer")]
    [InlineData("[]", "expected a JSON object, got Array")]
    [InlineData("\"Global Quote\"", "expected a JSON object, got String")]
    [InlineData("{\"Global Quote\": {\"05. price\": 12.5, \"07. latest trading day\": true}}", "\"07. latest trading day\" is True, not a string")]
    [InlineData("{\"Global Quote\": {\"05. price\": \"1,234.50\", \"07. latest trading day\": \"2026-11-27\"}}", "is not a number: '1,234.50'")]
    [InlineData("{\"Global Quote\": {\"05. price\": \"1e3\", \"07. latest trading day\": \"2026-11-27\"}}", "is not a number: '1e3'")]
    public void ParseGlobalQuote_explains_other_bad_payloads(string body, string expected)
    {
        var response = AlphaVantageParser.ParseGlobalQuote(Encoding.UTF8.GetBytes(body));

        Assert.Equal(AlphaVantageResponseKind.Malformed, response.Kind);
        Assert.Contains(expected, response.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Not_json_answer_is_quoted_briefly_on_one_line()
    {
        var response = AlphaVantageParser.ParseGlobalQuote(Fixtures.Bytes("html-error.html"));

        Assert.Contains("'<!DOCTYPE html> <html> <head><title>502 Bad Gateway</title></head>", response.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("\n", response.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Negative_and_zero_prices_parse_as_they_are_for_validation_to_reject()
    {
        var negative = Assert.Single(AlphaVantageParser.ParseGlobalQuote(Fixtures.Bytes("global-quote-negative-price.json")).Quotes);
        var zero = Assert.Single(AlphaVantageParser.ParseGlobalQuote(Fixtures.Bytes("global-quote-zero-price.json")).Quotes);

        Assert.Equal(-1m, negative.Price);
        Assert.Equal(-100.7424m, negative.ChangePercent);
        Assert.Equal(0m, zero.Price);
        Assert.Null(zero.Open);
    }

    [Theory]
    [InlineData("error-message.json", AlphaVantageResponseKind.ErrorMessage)]
    [InlineData("global-quote-ibm.json", AlphaVantageResponseKind.Malformed)]
    [InlineData("html-error.html", AlphaVantageResponseKind.Malformed)]
    public void ParseBulkQuotes_classifies_whole_answers(string fixture, AlphaVantageResponseKind expected)
    {
        var response = AlphaVantageParser.ParseBulkQuotes(Fixtures.Bytes(fixture));

        Assert.Equal(expected, response.Kind);
    }
}
