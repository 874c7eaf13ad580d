using Amazon.DynamoDBv2;

namespace StockMonitor.Bench;

/// <summary>
/// Scans the latest table (consistent reads) over and over, a fixed pause between scans, and notes for each symbol
/// every new observedAt together with the instant the scan that first showed it returned.
/// </summary>
internal sealed class LatestTablePoller : IAsyncDisposable
{
    private readonly Lock gate = new();
    private readonly Dictionary<string, List<(DateTimeOffset ObservedAt, DateTimeOffset SeenAt)>> changes = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource stop = new();
    private readonly Task loop;
    private int polls;
    private int failures;
    private int regressions;
    private TimeSpan scanning;
    private DateTimeOffset firstPoll;
    private DateTimeOffset lastPoll;

    private LatestTablePoller(IAmazonDynamoDB dynamoDb, string table, TimeSpan pause) => loop = Task.Run(() => RunAsync(dynamoDb, table, pause));

    public static LatestTablePoller Start(IAmazonDynamoDB dynamoDb, string table, TimeSpan pause) => new(dynamoDb, table, pause);

    /// <summary>Times the latest item of some symbol was seen to move back to an older quote (a bug if ever above zero).</summary>
    public int Regressions => Volatile.Read(ref regressions);

    /// <summary>Scans that failed (and were tried again after the pause).</summary>
    public int Failures => Volatile.Read(ref failures);

    /// <summary>Mean time from one scan's response to the next one's, and mean duration of a scan.</summary>
    public (TimeSpan Period, TimeSpan Scan) Cadence
    {
        get
        {
            lock (gate)
            {
                return polls < 2 ? (TimeSpan.Zero, TimeSpan.Zero) : ((lastPoll - firstPoll) / (polls - 1), scanning / polls);
            }
        }
    }

    /// <summary>The newest observedAt seen of each symbol.</summary>
    public Dictionary<string, DateTimeOffset> Current()
    {
        lock (gate)
        {
            return changes.ToDictionary(c => c.Key, c => c.Value[^1].ObservedAt, StringComparer.Ordinal);
        }
    }

    /// <summary>The first instant a scan showed <paramref name="symbol"/> at <paramref name="observedAt"/> or later; null if none did.</summary>
    public DateTimeOffset? FirstShowing(string symbol, DateTimeOffset observedAt)
    {
        lock (gate)
        {
            if (!changes.TryGetValue(symbol, out var seen))
            {
                return null;
            }

            // Changes are appended in scan order; the first at or past observedAt is when it became visible.
            foreach (var (at, seenAt) in seen)
            {
                if (at >= observedAt)
                {
                    return seenAt;
                }
            }

            return null;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await stop.CancelAsync();
        try
        {
            await loop;
        }
        catch (OperationCanceledException)
        {
            // Stopped.
        }

        stop.Dispose();
    }

    private async Task RunAsync(IAmazonDynamoDB dynamoDb, string table, TimeSpan pause)
    {
        while (!stop.IsCancellationRequested)
        {
            var sent = DateTimeOffset.UtcNow;
            Dictionary<string, LatestRow> rows;
            try
            {
                rows = await PricingTableReader.ScanLatestAsync(dynamoDb, table, withStatistics: false, stop.Token);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                Interlocked.Increment(ref failures);
                await Task.Delay(pause, stop.Token);
                continue;
            }

            var seenAt = DateTimeOffset.UtcNow;
            lock (gate)
            {
                foreach (var row in rows.Values)
                {
                    if (!changes.TryGetValue(row.Symbol, out var seen))
                    {
                        changes[row.Symbol] = seen = [];
                    }

                    if (seen.Count == 0 || row.ObservedAt > seen[^1].ObservedAt)
                    {
                        seen.Add((row.ObservedAt, seenAt));
                    }
                    else if (row.ObservedAt < seen[^1].ObservedAt)
                    {
                        regressions++;
                    }
                }

                if (polls == 0)
                {
                    firstPoll = seenAt;
                }

                polls++;
                lastPoll = seenAt;
                scanning += seenAt - sent;
            }

            await Task.Delay(pause, stop.Token);
        }
    }
}
