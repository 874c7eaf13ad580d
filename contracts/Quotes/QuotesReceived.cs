namespace StockMonitor.Contracts.Quotes;

/// <summary>
/// A run of valid <c>quote.v1</c> records of one Kinesis shard, in sequence order: what one GetRecords call returned
/// (at most <see cref="MaxQuotes"/> per message; a longer run is several messages, published in order). One message per
/// run instead of one per record keeps the broker's and the consumers' work per quote small. Its MessageId is
/// <see cref="IdFor"/> of its first and last record, so a re-published run has the same id; consumers are idempotent per
/// quote, so a run re-published with other boundaries (after a bridge restart) is also safe.
/// </summary>
public sealed record QuotesReceived(IReadOnlyList<QuoteReceived> Quotes)
{
    /// <summary>The most quotes one message carries (about 150 KB of JSON).</summary>
    public const int MaxQuotes = 500;

    /// <summary>The deterministic MessageId of a run of records (its first and last are enough: a shard's order is fixed).</summary>
    public static Guid IdFor(IReadOnlyList<QuoteReceived> quotes)
    {
        ArgumentNullException.ThrowIfNull(quotes);
        if (quotes.Count == 0)
        {
            throw new ArgumentException("A run has at least one quote.", nameof(quotes));
        }

        var (first, last) = (quotes[0], quotes[^1]);
        return quotes.Count == 1
            ? QuoteMessageId.For(first.StreamName, first.ShardId, first.SequenceNumber)
            : QuoteMessageId.For(first.StreamName, first.ShardId, $"{first.SequenceNumber}..{last.SequenceNumber}");
    }
}
