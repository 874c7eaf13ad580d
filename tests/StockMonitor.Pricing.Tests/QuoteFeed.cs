using System.Globalization;
using StockMonitor.Contracts.Quotes;
using StockMonitor.Testing;

namespace StockMonitor.Pricing.Tests;

/// <summary>
/// Feeds quotes to a hosted pricing service the way the bridge does: each <see cref="QuoteReceived"/> gets the next
/// sequence number of one shard and is published as a run of one with the bridge's deterministic MessageId, so
/// publishing the same one again is a redelivery.
/// </summary>
internal sealed class QuoteFeed(PricingHost host)
{
    private const string Stream = "test-stream";
    private const string Shard = "shardId-000000000000";
    private long sequence = 1_000;

    /// <summary>The next record of the shard: a quote of <paramref name="symbol"/> with a cumulative day volume when given.</summary>
    public QuoteReceived Next(string symbol, decimal price, DateTimeOffset observedAt, decimal? volume = null)
    {
        var quote = new Quote(symbol, price, "USD", null, null, null, null, volume, observedAt, "test");
        return new QuoteReceived(quote, Stream, Shard, (++sequence).ToString(CultureInfo.InvariantCulture), observedAt);
    }

    public Task PublishAsync(QuoteReceived received)
    {
        ArgumentNullException.ThrowIfNull(received);
        return host.Bus.PublishQuotesAsync([received]);
    }

    /// <summary>
    /// Publishes one record and waits until the service has finished with it (bars, latest quote, alerts), so that
    /// the next one is a batch of its own: a crossing is never hidden inside a batch.
    /// </summary>
    public async Task PublishAndWaitAsync(QuoteReceived received)
    {
        ArgumentNullException.ThrowIfNull(received);
        var before = host.QuotesProcessed;
        await PublishAsync(received);
        await Eventually.HoldsAsync(
            () => Task.FromResult(host.QuotesProcessed > before),
            $"pricing to process {received.Quote.Symbol} {received.Quote.Price} observed at {received.Quote.ObservedAt:O}");
    }

    /// <summary>Publishes a quote of <paramref name="symbol"/> and waits until the service has finished with it.</summary>
    public async Task<QuoteReceived> PublishAndWaitAsync(string symbol, decimal price, DateTimeOffset observedAt, decimal? volume = null)
    {
        var received = Next(symbol, price, observedAt, volume);
        await PublishAndWaitAsync(received);
        return received;
    }
}
