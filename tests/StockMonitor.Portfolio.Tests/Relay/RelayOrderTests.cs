using System.Diagnostics;
using Npgsql;
using StockMonitor.Auth;
using StockMonitor.Contracts.Portfolios;
using StockMonitor.Portfolio.Portfolios;
using StockMonitor.Portfolio.Portfolios.Events;
using StockMonitor.Testing;
using Xunit.Abstractions;

namespace StockMonitor.Portfolio.Tests.Relay;

/// <summary>
/// A backlog of many pages, relayed with the confirms of a page awaited together: every message arrives once, and in
/// the queue in event order. Also prints the relay's rate (a figure for docs/benchmarks.md, never asserted).
/// </summary>
public sealed class RelayOrderTests(ITestOutputHelper output)
{
    private const int Portfolios = 20;
    private const int BuysEach = 150;
    private static readonly string[] Symbols = ["AAPL", "MSFT", "NVDA", "AMZN", "GOOG"];
    private static readonly DateTimeOffset At = new(2026, 2, 6, 15, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task When_a_backlog_of_many_pages_is_relayed_then_every_message_arrives_once_in_event_order()
    {
        // Arrange: portfolios whose buys interleave in the log, appended with the relay off.
        var appending = new RelayHost(null, relay: false);
        await appending.InitializeAsync();
        var ids = Enumerable.Range(0, Portfolios).Select(_ => Guid.NewGuid()).ToList();
        try
        {
            await using (var session = appending.Store.LightweightSession())
            {
                foreach (var id in ids)
                {
                    PortfolioSnapshots.StartStream(
                        session, id, [new PortfolioOpened(id, "Backlog", LocalTokens.DemoSubject, "USD", At), new CashDeposited(id, 1_000_000m, At)]);
                }

                await session.SaveChangesAsync();
            }

            for (var round = 0; round < BuysEach; round++)
            {
                await using var session = appending.Store.LightweightSession();
                foreach (var id in ids)
                {
                    session.Events.Append(id, new SharesBought(id, Symbols[round % Symbols.Length], 1m, 10m, 0m, At.AddMinutes(round + 1)));
                }

                await session.SaveChangesAsync();
            }
        }
        finally
        {
            await appending.DisposeAsync();
        }

        var sequences = await SequencesAsync(appending.Database);
        var last = sequences.Values.Max();

        // Act: the relay starts on the backlog; its committed progress is sampled as it goes.
        var relaying = new RelayHost(null, appending.Database, inOrder: true);
        await relaying.InitializeAsync();
        try
        {
            var clock = Stopwatch.StartNew();
            var progress = new List<(TimeSpan At, long Sequence)>();
            while (progress.LastOrDefault().Sequence < last && clock.Elapsed < TimeSpan.FromMinutes(3))
            {
                if (await RelayProgress.CommittedAsync(relaying.Database) is { } committed && committed != progress.LastOrDefault().Sequence)
                {
                    progress.Add((clock.Elapsed, committed));
                }

                await Task.Delay(10);
            }

            Assert.Equal(last, progress.Last().Sequence);
            var trades = Portfolios * BuysEach;
            await Eventually.HoldsAsync(() => Task.FromResult(relaying.Bus.Count<TradeRecorded>() >= trades), "every trade to arrive", TimeSpan.FromMinutes(2));
            await Eventually.HoldsAsync(
                () => Task.FromResult(ids.All(id => relaying.Bus.Received<PortfolioChanged>().Any(c => c.PortfolioId == id && c.Version == BuysEach + 2))),
                "every portfolio's last change to arrive",
                TimeSpan.FromMinutes(2));
            var (first, end) = (progress[0], progress[^1]);
            output.WriteLine(
                $"{sequences.Count} events, {progress.Count} commits; after the first commit {end.Sequence - first.Sequence} events in {(end.At - first.At).TotalSeconds:0.00} s: " +
                $"{(end.Sequence - first.Sequence) / (end.At - first.At).TotalSeconds:0} events/s");

            // Assert: each message once (symbol sets aside: each page sends the current set, so a backlog's pages send
            // the same one); the trades in log order; a portfolio's change after its trades and a symbol set.
            var tradesReceived = relaying.Bus.ReceivedWithTimes<TradeRecorded>();
            var symbolSets = relaying.Bus.ReceivedWithTimes<PortfolioSymbolsChanged>();
            var changes = relaying.Bus.ReceivedWithTimes<PortfolioChanged>();
            Guid?[] messageIds =
            [
                .. relaying.Bus.ReceivedWithIds<TradeRecorded>().Select(m => m.MessageId),
                .. relaying.Bus.ReceivedWithIds<PortfolioChanged>().Select(m => m.MessageId),
            ];
            Assert.Equal(messageIds.Length, messageIds.Distinct().Count());
            Assert.Equal(trades, tradesReceived.Count);
            var tradeSequences = tradesReceived.Select(t => sequences[(t.Message.PortfolioId, t.Message.Version)]).ToList();
            Assert.Equal(tradeSequences.Order(), tradeSequences);
            foreach (var (change, changedAt) in changes)
            {
                Assert.All(
                    tradesReceived.Where(t => t.Message.PortfolioId == change.PortfolioId && t.Message.Version <= change.Version),
                    t => Assert.True(t.ReceivedAt <= changedAt, $"Trade v{t.Message.Version} of {change.PortfolioId} arrived after its change v{change.Version}."));
                Assert.Contains(symbolSets, s => s.Message.PortfolioId == change.PortfolioId && s.ReceivedAt <= changedAt);
            }
        }
        finally
        {
            await relaying.DisposeAsync();
        }
    }

    /// <summary>The log sequence of each event, by portfolio and version.</summary>
    private static async Task<Dictionary<(Guid, long), long>> SequencesAsync(string database)
    {
        await using var connection = new NpgsqlConnection(database);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("select stream_id, version, seq_id from portfolio.mt_events", connection);
        await using var reader = await command.ExecuteReaderAsync();
        var sequences = new Dictionary<(Guid, long), long>();
        while (await reader.ReadAsync())
        {
            sequences[(reader.GetGuid(0), reader.GetInt64(1))] = reader.GetInt64(2);
        }

        return sequences;
    }
}
