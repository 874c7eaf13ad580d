using StockMonitor.Contracts.Quotes;
using StockMonitor.Kinesis;

namespace StockMonitor.Ingestion.Tests;

/// <summary>Reads everything a stream holds, shard by shard, for assertions.</summary>
internal static class StreamReader
{
    public static async Task<List<(string ShardId, Quote Quote)>> ReadAllAsync(KinesisClient kinesis, string stream)
    {
        var quotes = new List<(string, Quote)>();
        foreach (var shard in await kinesis.ListShardsAsync(stream))
        {
            var iterator = await kinesis.GetShardIteratorAsync(stream, shard.ShardId, ShardIteratorType.TrimHorizon);
            while (iterator is not null)
            {
                var page = await kinesis.GetRecordsAsync(iterator, 10_000);
                foreach (var record in page.Records)
                {
                    Assert.True(QuoteRecordSerializer.TryDeserialize(record.Data.Span, out var quote, out var error), error);
                    quotes.Add((shard.ShardId, quote));
                }

                iterator = page.Records.Count == 0 ? null : page.NextShardIterator;
            }
        }

        return quotes;
    }
}
