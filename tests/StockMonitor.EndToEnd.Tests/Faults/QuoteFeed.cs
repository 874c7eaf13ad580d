using System.Globalization;
using StockMonitor.Contracts.Quotes;
using StockMonitor.Kinesis;

namespace StockMonitor.EndToEnd.Tests.Faults;

/// <summary>
/// The suite's own quotes, put into Kinesis as ingestion's producer does (PutRecords, partition key = symbol; records
/// Kinesis refused, or a whole call that failed, are put again until accepted). Every quote is distinct and known:
/// symbol <c>FLT0</c>…<c>FLT39</c> round-robin, observed times strictly increasing per symbol (whole milliseconds), so
/// the bars (counts per symbol), the latest prices (the newest per symbol) and the lake (one row per symbol and
/// observed time) can be checked exactly against what was put.
/// </summary>
public sealed class QuoteFeed(KinesisClient kinesis, string stream)
{
    public const int Symbols = 40;
    private const int Batch = Symbols;
    private static readonly TimeSpan Pace = TimeSpan.FromMilliseconds(250);

    private readonly List<Quote> put = [];
    private readonly Lock gate = new();
    private DateTimeOffset last = DateTimeOffset.MinValue;
    private int failedCalls;

    /// <summary>How many quotes Kinesis has accepted so far.</summary>
    public int Count
    {
        get
        {
            lock (gate)
            {
                return put.Count;
            }
        }
    }

    /// <summary>How many PutRecords calls failed (or had records refused) and were tried again.</summary>
    public int FailedCalls => Volatile.Read(ref failedCalls);

    /// <summary>A copy of every quote accepted so far.</summary>
    public List<Quote> Snapshot()
    {
        lock (gate)
        {
            return [.. put];
        }
    }

    public static bool IsOurs(string symbol) => symbol.StartsWith("FLT", StringComparison.Ordinal);

    /// <summary>Puts <paramref name="count"/> more quotes at ~160 a second (40 every 250 ms), each call retried until Kinesis accepts it.</summary>
    public async Task FeedAsync(int count, CancellationToken cancellationToken)
    {
        var target = Count + count;
        while (Count < target)
        {
            var quotes = Next(Math.Min(Batch, target - Count));
            var pending = quotes;
            while (pending.Count > 0)
            {
                try
                {
                    using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                    timeout.CancelAfter(TimeSpan.FromSeconds(5));
                    var answer = await kinesis.PutRecordsAsync(stream, pending.Select(q => new PutRecordsEntry(QuoteRecordSerializer.Serialize(q), q.Symbol)).ToList(), timeout.Token);
                    var refused = pending.Where((_, i) => !answer.Records[i].Succeeded).ToList();
                    lock (gate)
                    {
                        put.AddRange(pending.Where((_, i) => answer.Records[i].Succeeded));
                    }

                    if (refused.Count > 0)
                    {
                        Interlocked.Increment(ref failedCalls);
                        await Task.Delay(200, cancellationToken);
                    }

                    pending = refused;
                }
                catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
                {
                    Interlocked.Increment(ref failedCalls);
                    await Task.Delay(500, cancellationToken);
                }
            }

            await Task.Delay(Pace, cancellationToken);
        }
    }

    /// <summary>The next quotes: now (whole milliseconds), each later than the last, distinct prices.</summary>
    private List<Quote> Next(int count)
    {
        var quotes = new List<Quote>(count);
        var now = DateTimeOffset.UtcNow;
        now = new DateTimeOffset(now.Ticks - (now.Ticks % TimeSpan.TicksPerMillisecond), TimeSpan.Zero);
        // Within a batch each symbol appears at most once (Batch ≤ Symbols): one time for the batch, after the last.
        var at = now > last ? now : last.AddMilliseconds(1);
        last = at;
        for (var i = 0; i < count; i++)
        {
            var index = Count + i;
            quotes.Add(new Quote(
                $"FLT{index % Symbols}",
                100m + (index % 9_973) / 100m,
                "USD",
                null,
                null,
                null,
                null,
                1_000m + index,
                at,
                "fault-suite"));
        }

        return quotes;
    }

    /// <summary>The key of a quote in the lake check: symbol and observed time in milliseconds.</summary>
    public static string Key(string symbol, DateTimeOffset observedAt) =>
        string.Create(CultureInfo.InvariantCulture, $"{symbol}@{observedAt.ToUnixTimeMilliseconds()}");
}
