namespace StockMonitor.Kinesis;

/// <summary>One record to put: its data and the partition key that picks its shard.</summary>
public sealed record PutRecordsEntry(ReadOnlyMemory<byte> Data, string PartitionKey, string? ExplicitHashKey = null);

/// <summary>The outcome of one entry of a PutRecords call: a sequence number, or an error code.</summary>
public sealed record PutRecordsResultEntry(string? SequenceNumber, string? ShardId, string? ErrorCode, string? ErrorMessage)
{
    public bool Succeeded => ErrorCode is null;
}

/// <summary>The answer to PutRecords; entries are in the order of the request.</summary>
public sealed record PutRecordsResult(int FailedRecordCount, IReadOnlyList<PutRecordsResultEntry> Records);

/// <summary>A record read from a shard.</summary>
public sealed record KinesisRecord(ReadOnlyMemory<byte> Data, string PartitionKey, string SequenceNumber, DateTimeOffset ApproximateArrivalTimestamp);

/// <summary>A child shard reported by GetRecords when the shard being read has ended.</summary>
public sealed record ChildShard(string ShardId, IReadOnlyList<string> ParentShards);

/// <summary>The answer to GetRecords. <see cref="NextShardIterator"/> is null once the shard is closed and fully read.</summary>
public sealed record GetRecordsResult(
    IReadOnlyList<KinesisRecord> Records,
    string? NextShardIterator,
    long? MillisBehindLatest,
    IReadOnlyList<ChildShard> ChildShards);

/// <summary>A shard of a stream with its lineage and hash key range.</summary>
public sealed record Shard(
    string ShardId,
    string? ParentShardId,
    string? AdjacentParentShardId,
    string StartingHashKey,
    string EndingHashKey,
    string StartingSequenceNumber,
    string? EndingSequenceNumber)
{
    /// <summary>A closed shard (after a split or merge) has an ending sequence number.</summary>
    public bool IsClosed => EndingSequenceNumber is not null;

    public IEnumerable<string> Parents()
    {
        if (ParentShardId is not null)
        {
            yield return ParentShardId;
        }

        if (AdjacentParentShardId is not null)
        {
            yield return AdjacentParentShardId;
        }
    }
}

/// <summary>Summary of a stream as reported by DescribeStreamSummary.</summary>
public sealed record StreamSummary(string StreamName, string StreamArn, string StreamStatus, int OpenShardCount, int RetentionPeriodHours);

/// <summary>Where a shard iterator starts.</summary>
public enum ShardIteratorType
{
    TrimHorizon,
    Latest,
    AtSequenceNumber,
    AfterSequenceNumber,
}
