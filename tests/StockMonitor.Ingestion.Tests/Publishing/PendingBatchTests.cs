using System.Text;
using StockMonitor.Ingestion.Publishing;
using StockMonitor.Kinesis;

namespace StockMonitor.Ingestion.Tests.Publishing;

public class PendingBatchTests
{
    [Fact]
    public void Take_puts_at_most_one_record_per_key_in_a_batch_and_keeps_the_rest_in_order()
    {
        var pending = Entries(("A", "a1"), ("B", "b1"), ("A", "a2"), ("C", "c1"), ("A", "a3"), ("B", "b2"));

        var first = PendingBatch.Take(pending, maxRecords: 500, maxBytes: 1_000_000);
        var second = PendingBatch.Take(pending, 500, 1_000_000);
        var third = PendingBatch.Take(pending, 500, 1_000_000);

        Assert.Equal(["a1", "b1", "c1"], Data(first));
        Assert.Equal(["a2", "b2"], Data(second));
        Assert.Equal(["a3"], Data(third));
        Assert.Empty(pending);
    }

    [Fact]
    public void Take_respects_the_record_limit_and_never_lets_a_key_overtake_itself()
    {
        var pending = Entries(("A", "a1"), ("B", "b1"), ("C", "c1"), ("C", "c2"), ("D", "d1"));

        var first = PendingBatch.Take(pending, maxRecords: 2, maxBytes: 1_000_000);

        Assert.Equal(["a1", "b1"], Data(first));
        Assert.Equal(["c1", "c2", "d1"], Data(pending));
    }

    [Fact]
    public void Take_respects_the_byte_limit()
    {
        // Each entry is 2 bytes of data + 1 byte of key = 3 bytes.
        var pending = Entries(("A", "a1"), ("B", "b1"), ("C", "c1"));

        var first = PendingBatch.Take(pending, maxRecords: 500, maxBytes: 7);

        Assert.Equal(["a1", "b1"], Data(first));
        Assert.Equal(["c1"], Data(pending));
    }

    private static List<PutRecordsEntry> Entries(params (string Key, string Data)[] entries) =>
        entries.Select(e => new PutRecordsEntry(Encoding.UTF8.GetBytes(e.Data), e.Key)).ToList();

    private static List<string> Data(IEnumerable<PutRecordsEntry> entries) => entries.Select(e => Encoding.UTF8.GetString(e.Data.Span)).ToList();
}
