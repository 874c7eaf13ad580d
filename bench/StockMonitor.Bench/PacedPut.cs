using System.Diagnostics;
using StockMonitor.Contracts.Quotes;
using StockMonitor.Kinesis;
using StockMonitor.Testing;

namespace StockMonitor.Bench;

/// <summary>Puts quotes into a stream at a steady rate: a PutRecords call of <c>perCall</c> quotes at fixed instants (an absolute schedule).</summary>
internal static class PacedPut
{
    /// <summary>A quote and the instant the PutRecords call whose answer accepted it returned.</summary>
    public sealed record Put(Quote Quote, DateTimeOffset ReturnedAt);

    /// <param name="make">The quote number <c>n</c> (counting from <paramref name="first"/>), observed now.</param>
    public static async Task<(List<Put> Put, double Rate)> RunAsync(
        TestInfrastructure infra, string stream, int rate, int perCall, int first, int calls, Func<int, Quote> make)
    {
        var put = new List<Put>(calls * perCall);
        var clock = Stopwatch.StartNew();
        for (var call = 0; call < calls; call++)
        {
            var due = TimeSpan.FromMilliseconds(1000.0 * perCall / rate * call) - clock.Elapsed;
            if (due > TimeSpan.Zero)
            {
                await Task.Delay(due);
            }

            var pending = Enumerable.Range(0, perCall).Select(j => make(first + (call * perCall) + j)).ToList();
            while (pending.Count > 0)
            {
                var answer = await infra.Kinesis.PutRecordsAsync(stream, pending.Select(q => new PutRecordsEntry(QuoteRecordSerializer.Serialize(q), q.Symbol)).ToList());
                var returnedAt = DateTimeOffset.UtcNow;
                put.AddRange(pending.Where((_, i) => answer.Records[i].Succeeded).Select(q => new Put(q, returnedAt)));
                pending = pending.Where((_, i) => !answer.Records[i].Succeeded).ToList();
            }
        }

        return (put, put.Count / clock.Elapsed.TotalSeconds);
    }
}
