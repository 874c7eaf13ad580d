using System.Text.Json;
using System.Text.Json.Serialization;

namespace StockMonitor.Kinesis;

// Request and response bodies of the Kinesis JSON 1.1 API. Property names are the API's (PascalCase);
// byte[] travels as base64, which is what the API expects for Data.
#pragma warning disable CA1812 // instantiated by the serializer
internal sealed record PutRecordsRequestEntryWire(byte[] Data, string PartitionKey, [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? ExplicitHashKey);

internal sealed record PutRecordsRequestWire(string StreamName, IReadOnlyList<PutRecordsRequestEntryWire> Records);

internal sealed record PutRecordsResultEntryWire(string? SequenceNumber, string? ShardId, string? ErrorCode, string? ErrorMessage);

internal sealed record PutRecordsResponseWire(int FailedRecordCount, List<PutRecordsResultEntryWire> Records);

internal sealed record GetRecordsRequestWire(string ShardIterator, [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] int? Limit);

internal sealed record RecordWire(byte[] Data, string PartitionKey, string SequenceNumber, double ApproximateArrivalTimestamp);

internal sealed record ChildShardWire(string ShardId, List<string> ParentShards);

internal sealed record GetRecordsResponseWire(List<RecordWire> Records, string? NextShardIterator, long? MillisBehindLatest, List<ChildShardWire>? ChildShards);

internal sealed record GetShardIteratorRequestWire(
    string StreamName,
    string ShardId,
    string ShardIteratorType,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? StartingSequenceNumber);

internal sealed record GetShardIteratorResponseWire(string ShardIterator);

internal sealed record ListShardsRequestWire(
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? StreamName,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? NextToken);

internal sealed record HashKeyRangeWire(string StartingHashKey, string EndingHashKey);

internal sealed record SequenceNumberRangeWire(string StartingSequenceNumber, string? EndingSequenceNumber);

internal sealed record ShardWire(string ShardId, string? ParentShardId, string? AdjacentParentShardId, HashKeyRangeWire HashKeyRange, SequenceNumberRangeWire SequenceNumberRange);

internal sealed record ListShardsResponseWire(List<ShardWire> Shards, string? NextToken);

internal sealed record CreateStreamRequestWire(string StreamName, int ShardCount);

internal sealed record StreamNameRequestWire(string StreamName);

internal sealed record StreamDescriptionSummaryWire(string StreamName, string StreamARN, string StreamStatus, int OpenShardCount, int RetentionPeriodHours);

internal sealed record DescribeStreamSummaryResponseWire(StreamDescriptionSummaryWire StreamDescriptionSummary);

internal sealed record SplitShardRequestWire(string StreamName, string ShardToSplit, string NewStartingHashKey);

internal sealed record ErrorWire([property: JsonPropertyName("__type")] string? Type, [property: JsonPropertyName("message")] string? Message, [property: JsonPropertyName("Message")] string? MessageUpper);
#pragma warning restore CA1812

[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.Never, PropertyNameCaseInsensitive = false)]
[JsonSerializable(typeof(PutRecordsRequestWire))]
[JsonSerializable(typeof(PutRecordsResponseWire))]
[JsonSerializable(typeof(GetRecordsRequestWire))]
[JsonSerializable(typeof(GetRecordsResponseWire))]
[JsonSerializable(typeof(GetShardIteratorRequestWire))]
[JsonSerializable(typeof(GetShardIteratorResponseWire))]
[JsonSerializable(typeof(ListShardsRequestWire))]
[JsonSerializable(typeof(ListShardsResponseWire))]
[JsonSerializable(typeof(CreateStreamRequestWire))]
[JsonSerializable(typeof(StreamNameRequestWire))]
[JsonSerializable(typeof(DescribeStreamSummaryResponseWire))]
[JsonSerializable(typeof(SplitShardRequestWire))]
[JsonSerializable(typeof(ErrorWire))]
[JsonSerializable(typeof(JsonElement))]
internal sealed partial class KinesisJsonContext : JsonSerializerContext;
