using System.Net.WebSockets;
using Microsoft.Extensions.Logging;
using StockMonitor.Contracts.Quotes;
using StockMonitor.Ingestion.Providers;
using StockMonitor.Testing;

namespace StockMonitor.Ingestion.Tests.Finnhub;

/// <summary>The ingestion service streaming from a fake Finnhub into Kinesis (kinesalite).</summary>
public class FinnhubStreamingTests
{
    [Fact]
    public async Task When_trades_stream_then_each_becomes_a_quote_in_order_per_symbol_with_the_previous_close()
    {
        var at = FinnhubFrames.RecentTradeTime();
        await using var server = await FakeFinnhubServer.StartAsync();
        server.Answer("AAPL", RestAnswer.Quote(122.00m, 120.50m, 121.00m, 125.00m, 119.00m, at));
        server.Answer("MSFT", RestAnswer.Quote(410.00m, 410.25m, 409.00m, 415.00m, 405.00m, at));
        await using var host = await IngestionHost.StartWithFinnhubAsync(server, "AAPL,MSFT");
        await server.WaitForSubscriptionsAsync(1, "AAPL", "MSFT");
        await host.WaitForReferencesAsync("AAPL", "MSFT");

        await server.SendAsync(FinnhubFrames.Ping);
        await server.SendAsync(FinnhubFrames.Trades(("AAPL", "122.1", at), ("MSFT", "411.005", at.AddMilliseconds(1)), ("AAPL", "122.15", at.AddMilliseconds(2))));
        await server.SendAsync(FinnhubFrames.Trades(("MSFT", "410.99", at.AddMilliseconds(3)), ("AAPL", "122.123456789012345678", at.AddMilliseconds(4))), pieces: 5);
        var aapl = await host.WaitForQuotesAsync("AAPL", 3);
        var msft = await host.WaitForQuotesAsync("MSFT", 2);

        Assert.Equal(
            [Aapl(122.1m, at), Aapl(122.15m, at.AddMilliseconds(2)), Aapl(122.123456789012345678m, at.AddMilliseconds(4))],
            aapl);
        Assert.Equal([Msft(411.005m, at.AddMilliseconds(1)), Msft(410.99m, at.AddMilliseconds(3))], msft);
        await Eventually.HoldsAsync(() => Task.FromResult(server.ReceivedOn(1).Contains(FinnhubFrames.Pong)), "a pong for the ping");
        Assert.Equal(["AAPL", "MSFT"], server.RestRequests.Order(StringComparer.Ordinal));
        Assert.Empty(host.FailuresByReason());
        Assert.Equal(1, server.Accepted);
        Assert.DoesNotContain(host.Logs.Entries, e => e.Level >= LogLevel.Warning);

        static Quote Aapl(decimal price, DateTimeOffset at) => new("AAPL", price, "USD", 121.00m, 125.00m, 119.00m, 120.50m, null, at, "finnhub");
        static Quote Msft(decimal price, DateTimeOffset at) => new("MSFT", price, "USD", 409.00m, 415.00m, 405.00m, 410.25m, null, at, "finnhub");
    }

    [Fact]
    public async Task When_the_server_closes_drops_stalls_and_refuses_then_the_client_reconnects_resubscribes_and_streams_without_duplicates()
    {
        var at = FinnhubFrames.RecentTradeTime();
        await using var server = await FakeFinnhubServer.StartAsync();
        server.Answer("AAPL", RestAnswer.Quote(122.00m, 120.50m, 121.00m, 125.00m, 119.00m, at));
        server.Answer("MSFT", RestAnswer.Quote(410.00m, 410.25m, 409.00m, 415.00m, 405.00m, at));
        await using var host = await IngestionHost.StartWithFinnhubAsync(server, "AAPL,MSFT");
        await server.WaitForSubscriptionsAsync(1, "AAPL", "MSFT");
        await host.WaitForReferencesAsync("AAPL", "MSFT");
        await server.SendAsync(FinnhubFrames.Trades(("AAPL", "122.01", at), ("MSFT", "410.01", at.AddMilliseconds(1))));
        await host.WaitForQuotesAsync("MSFT", 1);

        // A clean close by the server; then a dropped connection, an attempt that gets no answer and two refused ones.
        await server.CloseConnectionAsync(WebSocketCloseStatus.EndpointUnavailable, "going away");
        await server.WaitForSubscriptionsAsync(2, "AAPL", "MSFT");
        await server.SendAsync(FinnhubFrames.Trades(("AAPL", "122.02", at.AddMilliseconds(2))));
        await host.WaitForQuotesAsync("AAPL", 2);
        server.StallNextConnection();
        server.RefuseNextConnection(401);
        server.RefuseNextConnection(503);
        server.DropConnection();
        await server.WaitForSubscriptionsAsync(3, "AAPL", "MSFT");
        await server.SendAsync(FinnhubFrames.Trades(("MSFT", "410.03", at.AddMilliseconds(3)), ("AAPL", "122.03", at.AddMilliseconds(4))));
        await host.WaitForQuotesAsync("AAPL", 3);
        var quotes = await host.WaitForQuotesAsync("MSFT", 2);

        var all = await host.QuotesAsync();
        Assert.Equal([122.01m, 122.02m, 122.03m], all.Where(q => q.Symbol == "AAPL").Select(q => q.Price));
        Assert.Equal([410.01m, 410.03m], quotes.Select(q => q.Price));
        Assert.All(all, q => Assert.NotNull(q.PreviousClose));
        Assert.Equal(3, server.Accepted);
        Assert.Equal(2, server.Refused);
        foreach (var connection in new[] { 2, 3 })
        {
            Assert.Equal([FinnhubFrames.Subscribe("AAPL"), FinnhubFrames.Subscribe("MSFT")], server.ReceivedOn(connection));
        }

        Assert.Equal(2, host.Count(IngestionCounters.Failed, FailureReason.ConnectionLost));
        Assert.Equal(2, host.Count(IngestionCounters.Failed, FailureReason.HttpError));
        Assert.Equal(1, host.Count(IngestionCounters.Failed, FailureReason.Timeout));
        var logged = host.FailureLogs();
        Assert.Equal(2, logged.Count(e => e["Reason"] == FailureReason.ConnectionLost));
        Assert.Single(logged, e => e["Reason"] == FailureReason.ConnectionLost && e["Detail"]!.Contains("1001", StringComparison.Ordinal));
        Assert.Single(logged, e => e["Reason"] == FailureReason.HttpError && e["Detail"]!.Contains("401", StringComparison.Ordinal));
        Assert.Single(logged, e => e["Reason"] == FailureReason.HttpError && e["Detail"]!.Contains("503", StringComparison.Ordinal));
        Assert.Single(logged, e => e["Reason"] == FailureReason.Timeout);
        Assert.Equal(5, logged.Count);
        Assert.DoesNotContain(host.Logs.Entries, e => e.Level >= LogLevel.Error);
        Assert.DoesNotContain(host.Logs.Entries, e => e.Message.Contains(FakeFinnhubServer.ApiKey, StringComparison.Ordinal));
    }

    [Fact]
    public async Task When_the_universe_changes_then_added_symbols_are_subscribed_and_streamed_and_removed_ones_unsubscribed()
    {
        var at = FinnhubFrames.RecentTradeTime();
        await using var server = await FakeFinnhubServer.StartAsync();
        server.Answer("AAPL", RestAnswer.Quote(122.00m, 120.50m, 121.00m, 125.00m, 119.00m, at));
        server.Answer("TSLA", RestAnswer.Quote(250.00m, 245.50m, 246.00m, 255.00m, 240.00m, at));
        await using var host = await IngestionHost.StartWithFinnhubAsync(server, "AAPL");
        await server.WaitForSubscriptionsAsync(1, "AAPL");
        var portfolio = Guid.NewGuid();

        Assert.True(host.Universe.Apply(portfolio, ["TSLA", "AAPL"], 1));
        await server.WaitForSubscriptionsAsync(1, "TSLA");
        await host.WaitForReferencesAsync("TSLA");
        await server.SendAsync(FinnhubFrames.Trades(("TSLA", "251.5", at)));
        var tsla = await host.WaitForQuotesAsync("TSLA", 1);
        Assert.True(host.Universe.Apply(portfolio, ["AAPL"], 2));
        await Eventually.HoldsAsync(() => Task.FromResult(server.ReceivedOn(1).Contains(FinnhubFrames.Unsubscribe("TSLA"))), "TSLA unsubscribed");

        Assert.Equal(new Quote("TSLA", 251.5m, "USD", 246.00m, 255.00m, 240.00m, 245.50m, null, at, "finnhub"), Assert.Single(tsla));
        Assert.Equal(
            [FinnhubFrames.Subscribe("AAPL"), FinnhubFrames.Subscribe("TSLA"), FinnhubFrames.Unsubscribe("TSLA")],
            server.ReceivedOn(1));
        Assert.Equal(1, server.Accepted);
    }
}
