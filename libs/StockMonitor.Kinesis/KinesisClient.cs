using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Amazon;
using Amazon.Runtime;
using Amazon.Runtime.Signing;

namespace StockMonitor.Kinesis;

/// <summary>
/// Calls the Kinesis Data Streams API over HTTP (JSON 1.1: <c>POST /</c> with <c>X-Amz-Target</c>),
/// signed with SigV4 by AWSSDK.Core's handler. The same code talks to kinesalite locally and to AWS.
/// </summary>
public sealed class KinesisClient(HttpClient http)
{
    private const string TargetPrefix = "Kinesis_20131202.";
    private static readonly MediaTypeHeaderValue ContentType = new("application/x-amz-json-1.1");

    /// <summary>Builds a client for <paramref name="endpoint"/> (e.g. <c>https://kinesis.us-east-1.amazonaws.com</c>).</summary>
    /// <param name="inner">The innermost handler; tests put a fault-injecting handler here.</param>
    public static KinesisClient Create(Uri endpoint, string region, AWSCredentials credentials, HttpMessageHandler? inner = null, TimeSpan? timeout = null)
    {
        var signer = new SigV4SigningHandler(credentials, RegionEndpoint.GetBySystemName(region), "kinesis", inner ?? new SocketsHttpHandler
        {
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
            MaxConnectionsPerServer = 64,
        });
        return new KinesisClient(new HttpClient(signer) { BaseAddress = endpoint, Timeout = timeout ?? TimeSpan.FromSeconds(30) });
    }

    /// <summary>The public endpoint of a region.</summary>
    public static Uri DefaultEndpoint(string region) => new($"https://kinesis.{region}.amazonaws.com");

    /// <summary>Whether a failed call may succeed when retried: throttling, 5xx, network errors and timeouts.</summary>
    public static bool IsTransient(Exception exception) => exception switch
    {
        KinesisException k => k.IsRetryable,
        HttpRequestException => true,
        TaskCanceledException or TimeoutException => true,
        _ => false,
    };

    public async Task<PutRecordsResult> PutRecordsAsync(string streamName, IReadOnlyList<PutRecordsEntry> records, CancellationToken cancellationToken = default)
    {
        var wire = new PutRecordsRequestEntryWire[records.Count];
        for (var i = 0; i < records.Count; i++)
        {
            wire[i] = new PutRecordsRequestEntryWire(records[i].Data.ToArray(), records[i].PartitionKey, records[i].ExplicitHashKey);
        }

        var response = await SendAsync(
            "PutRecords",
            new PutRecordsRequestWire(streamName, wire),
            KinesisJsonContext.Default.PutRecordsRequestWire,
            KinesisJsonContext.Default.PutRecordsResponseWire,
            cancellationToken).ConfigureAwait(false);

        var entries = response.Records.ConvertAll(r => new PutRecordsResultEntry(r.SequenceNumber, r.ShardId, r.ErrorCode, r.ErrorMessage));
        return new PutRecordsResult(response.FailedRecordCount, entries);
    }

    public async Task<GetRecordsResult> GetRecordsAsync(string shardIterator, int? limit = null, CancellationToken cancellationToken = default)
    {
        var response = await SendAsync(
            "GetRecords",
            new GetRecordsRequestWire(shardIterator, limit),
            KinesisJsonContext.Default.GetRecordsRequestWire,
            KinesisJsonContext.Default.GetRecordsResponseWire,
            cancellationToken).ConfigureAwait(false);

        var records = response.Records.ConvertAll(r => new KinesisRecord(
            r.Data,
            r.PartitionKey,
            r.SequenceNumber,
            DateTimeOffset.FromUnixTimeMilliseconds((long)Math.Round(r.ApproximateArrivalTimestamp * 1000))));
        var children = response.ChildShards?.ConvertAll(c => new ChildShard(c.ShardId, c.ParentShards)) ?? [];
        return new GetRecordsResult(records, response.NextShardIterator, response.MillisBehindLatest, children);
    }

    public async Task<string> GetShardIteratorAsync(
        string streamName,
        string shardId,
        ShardIteratorType type,
        string? startingSequenceNumber = null,
        CancellationToken cancellationToken = default)
    {
        var typeName = type switch
        {
            ShardIteratorType.TrimHorizon => "TRIM_HORIZON",
            ShardIteratorType.Latest => "LATEST",
            ShardIteratorType.AtSequenceNumber => "AT_SEQUENCE_NUMBER",
            ShardIteratorType.AfterSequenceNumber => "AFTER_SEQUENCE_NUMBER",
            _ => throw new ArgumentOutOfRangeException(nameof(type), type, null),
        };
        var response = await SendAsync(
            "GetShardIterator",
            new GetShardIteratorRequestWire(streamName, shardId, typeName, startingSequenceNumber),
            KinesisJsonContext.Default.GetShardIteratorRequestWire,
            KinesisJsonContext.Default.GetShardIteratorResponseWire,
            cancellationToken).ConfigureAwait(false);
        return response.ShardIterator;
    }

    /// <summary>Every shard of the stream, open and closed, following NextToken pages.</summary>
    public async Task<IReadOnlyList<Shard>> ListShardsAsync(string streamName, CancellationToken cancellationToken = default)
    {
        var shards = new List<Shard>();
        string? nextToken = null;
        do
        {
            // The API takes either a stream name or a continuation token, never both.
            var request = nextToken is null ? new ListShardsRequestWire(streamName, null) : new ListShardsRequestWire(null, nextToken);
            var response = await SendAsync(
                "ListShards",
                request,
                KinesisJsonContext.Default.ListShardsRequestWire,
                KinesisJsonContext.Default.ListShardsResponseWire,
                cancellationToken).ConfigureAwait(false);
            shards.AddRange(response.Shards.Select(s => new Shard(
                s.ShardId,
                s.ParentShardId,
                s.AdjacentParentShardId,
                s.HashKeyRange.StartingHashKey,
                s.HashKeyRange.EndingHashKey,
                s.SequenceNumberRange.StartingSequenceNumber,
                s.SequenceNumberRange.EndingSequenceNumber)));
            nextToken = response.NextToken;
        }
        while (nextToken is not null);

        return shards;
    }

    public Task CreateStreamAsync(string streamName, int shardCount, CancellationToken cancellationToken = default) =>
        SendAsync("CreateStream", new CreateStreamRequestWire(streamName, shardCount), KinesisJsonContext.Default.CreateStreamRequestWire, cancellationToken);

    public Task DeleteStreamAsync(string streamName, CancellationToken cancellationToken = default) =>
        SendAsync("DeleteStream", new StreamNameRequestWire(streamName), KinesisJsonContext.Default.StreamNameRequestWire, cancellationToken);

    public Task SplitShardAsync(string streamName, string shardToSplit, string newStartingHashKey, CancellationToken cancellationToken = default) =>
        SendAsync("SplitShard", new SplitShardRequestWire(streamName, shardToSplit, newStartingHashKey), KinesisJsonContext.Default.SplitShardRequestWire, cancellationToken);

    public async Task<StreamSummary> DescribeStreamSummaryAsync(string streamName, CancellationToken cancellationToken = default)
    {
        var response = await SendAsync(
            "DescribeStreamSummary",
            new StreamNameRequestWire(streamName),
            KinesisJsonContext.Default.StreamNameRequestWire,
            KinesisJsonContext.Default.DescribeStreamSummaryResponseWire,
            cancellationToken).ConfigureAwait(false);
        var s = response.StreamDescriptionSummary;
        return new StreamSummary(s.StreamName, s.StreamARN, s.StreamStatus, s.OpenShardCount, s.RetentionPeriodHours);
    }

    /// <summary>Waits until the stream is ACTIVE (after create or reshard), polling with a deadline.</summary>
    public async Task WaitForActiveAsync(string streamName, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        var deadline = DateTimeOffset.UtcNow + timeout;
        while (true)
        {
            var summary = await DescribeStreamSummaryAsync(streamName, cancellationToken).ConfigureAwait(false);
            if (summary.StreamStatus == "ACTIVE")
            {
                return;
            }

            if (DateTimeOffset.UtcNow > deadline)
            {
                throw new TimeoutException($"Kinesis stream '{streamName}' is still {summary.StreamStatus} after {timeout.TotalSeconds:0} s.");
            }

            await Task.Delay(100, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task<TResponse> SendAsync<TRequest, TResponse>(
        string operation,
        TRequest request,
        JsonTypeInfo<TRequest> requestType,
        JsonTypeInfo<TResponse> responseType,
        CancellationToken cancellationToken)
    {
        using var response = await PostAsync(operation, request, requestType, cancellationToken).ConfigureAwait(false);
        var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        await using (stream.ConfigureAwait(false))
        {
            return await JsonSerializer.DeserializeAsync(stream, responseType, cancellationToken).ConfigureAwait(false)
                ?? throw new KinesisException("EmptyResponse", $"{operation} returned an empty body", response.StatusCode);
        }
    }

    private async Task SendAsync<TRequest>(string operation, TRequest request, JsonTypeInfo<TRequest> requestType, CancellationToken cancellationToken)
    {
        using var response = await PostAsync(operation, request, requestType, cancellationToken).ConfigureAwait(false);
    }

    private async Task<HttpResponseMessage> PostAsync<TRequest>(string operation, TRequest request, JsonTypeInfo<TRequest> requestType, CancellationToken cancellationToken)
    {
        using var message = new HttpRequestMessage(HttpMethod.Post, "/");
        message.Headers.Add("X-Amz-Target", TargetPrefix + operation);
        var content = new ByteArrayContent(JsonSerializer.SerializeToUtf8Bytes(request, requestType));
        content.Headers.ContentType = ContentType;
        message.Content = content;

        var response = await http.SendAsync(message, HttpCompletionOption.ResponseContentRead, cancellationToken).ConfigureAwait(false);
        if (response.IsSuccessStatusCode)
        {
            return response;
        }

        using (response)
        {
            throw await ReadErrorAsync(operation, response, cancellationToken).ConfigureAwait(false);
        }
    }

    private static async Task<KinesisException> ReadErrorAsync(string operation, HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var error = JsonSerializer.Deserialize(body, KinesisJsonContext.Default.ErrorWire);
            if (error?.Type is { } type)
            {
                // "__type" may carry a namespace: "com.amazonaws.kinesis.v20131202#ResourceNotFoundException".
                var name = type[(type.LastIndexOf('#') + 1)..];
                return new KinesisException(name, error.Message ?? error.MessageUpper ?? "(no message)", response.StatusCode);
            }
        }
        catch (JsonException)
        {
            // Not a Kinesis error body (a proxy's HTML page, say): report the status and the start of the body.
        }

        var snippet = body.Length > 200 ? body[..200] : body;
        return new KinesisException($"Http{(int)response.StatusCode}", $"{operation} failed: {snippet}", response.StatusCode);
    }
}
