using System.Collections.Concurrent;
using StockMonitor.Contracts.Quotes;
using StockMonitor.Kinesis;

namespace StockMonitor.Bridge.Tests.Reading;

/// <summary>Puts quotes on a stream, partition key = symbol, and keeps where each one was stored.</summary>
internal sealed class QuoteFeed(KinesisClient kinesis, string streamName)
{
    private readonly ConcurrentQueue<PutQuote> put = new();

    /// <summary>How many quotes are on the stream so far.</summary>
    public int Count => put.Count;

    /// <summary>Every quote put so far, in the order the calls returned.</summary>
    public IReadOnlyList<PutQuote> Put => [.. put];

    /// <summary>Puts <paramref name="quotes"/> in one call, putting failed entries again until every one is stored.</summary>
    public async Task PutAsync(IReadOnlyList<Quote> quotes)
    {
        var pending = quotes.ToList();
        while (pending.Count > 0)
        {
            var answer = await kinesis.PutRecordsAsync(streamName, pending.Select(q => new PutRecordsEntry(QuoteRecordSerializer.Serialize(q), q.Symbol)).ToList());
            var failed = new List<Quote>();
            for (var i = 0; i < pending.Count; i++)
            {
                if (answer.Records[i] is { Succeeded: true, ShardId: { } shardId, SequenceNumber: { } sequenceNumber })
                {
                    put.Enqueue(new PutQuote(pending[i], shardId, sequenceNumber));
                }
                else
                {
                    failed.Add(pending[i]);
                }
            }

            pending = failed;
        }
    }

    /// <summary>Puts each batch in a call of its own, one call per <paramref name="interval"/>: a steady flow.</summary>
    public async Task PutSteadilyAsync(IEnumerable<IReadOnlyList<Quote>> batches, TimeSpan interval)
    {
        ArgumentNullException.ThrowIfNull(batches);
        using var pace = new PeriodicTimer(interval);
        foreach (var batch in batches)
        {
            await PutAsync(batch);
            await pace.WaitForNextTickAsync();
        }
    }
}
