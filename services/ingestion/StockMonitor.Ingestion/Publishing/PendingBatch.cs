using StockMonitor.Kinesis;

namespace StockMonitor.Ingestion.Publishing;

/// <summary>
/// Picks the next PutRecords batch from the records waiting, oldest first, with at most one record per
/// partition key. Kinesis keeps order within a shard only among records that are accepted; a batch with two
/// records of one symbol could have the first fail and the second succeed, and the retry would then land
/// after it. One record per key per call makes a retry of the failed entries order-preserving.
/// </summary>
public static class PendingBatch
{
    public static List<PutRecordsEntry> Take(List<PutRecordsEntry> pending, int maxRecords, int maxBytes)
    {
        ArgumentNullException.ThrowIfNull(pending);
        var batch = new List<PutRecordsEntry>(Math.Min(maxRecords, pending.Count));
        var keys = new HashSet<string>(StringComparer.Ordinal);
        var bytes = 0;
        var kept = 0;
        for (var i = 0; i < pending.Count; i++)
        {
            var entry = pending[i];
            var size = Size(entry);
            if (batch.Count < maxRecords && bytes + size <= maxBytes && !keys.Contains(entry.PartitionKey))
            {
                batch.Add(entry);
                keys.Add(entry.PartitionKey);
                bytes += size;
            }
            else
            {
                // Once a record waits, every later record of its key waits too: no key overtakes itself.
                keys.Add(entry.PartitionKey);
                pending[kept++] = entry;
            }
        }

        pending.RemoveRange(kept, pending.Count - kept);
        return batch;
    }

    public static int Size(PutRecordsEntry entry) => entry.Data.Length + System.Text.Encoding.UTF8.GetByteCount(entry.PartitionKey);
}
