using System.Net;
using System.Text;
using Amazon.Runtime;
using StockMonitor.Aws;
using StockMonitor.Kinesis;
using StockMonitor.Testing;

namespace StockMonitor.Kinesis.Tests;

/// <summary>The client against kinesalite: the real wire protocol, signed.</summary>
public class KinesisClientTests
{
    [Fact]
    public async Task PutRecords_then_GetRecords_returns_every_record_in_order()
    {
        var infra = await TestInfrastructure.GetAsync();
        var stream = TestInfrastructure.UniqueName("kc");
        await infra.Provisioner.EnsureStreamAsync(stream, 1);
        var entries = Enumerable.Range(0, 50).Select(i => new PutRecordsEntry(Encoding.UTF8.GetBytes($"record-{i}"), $"key-{i % 7}")).ToList();

        var put = await infra.Kinesis.PutRecordsAsync(stream, entries);

        Assert.Equal(0, put.FailedRecordCount);
        Assert.All(put.Records, r => Assert.NotNull(r.SequenceNumber));
        var shard = Assert.Single(await infra.Kinesis.ListShardsAsync(stream));
        var iterator = await infra.Kinesis.GetShardIteratorAsync(stream, shard.ShardId, ShardIteratorType.TrimHorizon);
        var read = await infra.Kinesis.GetRecordsAsync(iterator, 1000);
        Assert.Equal(entries.Select(e => Encoding.UTF8.GetString(e.Data.Span)), read.Records.Select(r => Encoding.UTF8.GetString(r.Data.Span)));
        Assert.Equal(entries.Select(e => e.PartitionKey), read.Records.Select(r => r.PartitionKey));
        Assert.Equal(put.Records.Select(r => r.SequenceNumber), read.Records.Select(r => r.SequenceNumber));
        Assert.All(read.Records, r => Assert.InRange(r.ApproximateArrivalTimestamp, DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddMinutes(5)));
        Assert.NotNull(read.NextShardIterator);
    }

    [Fact]
    public async Task GetShardIterator_after_sequence_number_skips_what_was_read()
    {
        var infra = await TestInfrastructure.GetAsync();
        var stream = TestInfrastructure.UniqueName("kc");
        await infra.Provisioner.EnsureStreamAsync(stream, 1);
        var put = await infra.Kinesis.PutRecordsAsync(stream, [new("a"u8.ToArray(), "k"), new("b"u8.ToArray(), "k"), new("c"u8.ToArray(), "k")]);
        var shardId = put.Records[0].ShardId!;

        var iterator = await infra.Kinesis.GetShardIteratorAsync(stream, shardId, ShardIteratorType.AfterSequenceNumber, put.Records[0].SequenceNumber);
        var read = await infra.Kinesis.GetRecordsAsync(iterator);

        Assert.Equal(["b", "c"], read.Records.Select(r => Encoding.UTF8.GetString(r.Data.Span)));
    }

    [Fact]
    public async Task SplitShard_closes_the_parent_and_lists_two_children()
    {
        var infra = await TestInfrastructure.GetAsync();
        var stream = TestInfrastructure.UniqueName("kc");
        await infra.Provisioner.EnsureStreamAsync(stream, 1);
        var parent = Assert.Single(await infra.Kinesis.ListShardsAsync(stream));
        var middle = (System.Numerics.BigInteger.Parse(parent.EndingHashKey, System.Globalization.CultureInfo.InvariantCulture) / 2).ToString(System.Globalization.CultureInfo.InvariantCulture);

        await infra.Kinesis.SplitShardAsync(stream, parent.ShardId, middle);
        await infra.Kinesis.WaitForActiveAsync(stream, TimeSpan.FromSeconds(30));

        var shards = await infra.Kinesis.ListShardsAsync(stream);
        Assert.Equal(3, shards.Count);
        Assert.True(shards.Single(s => s.ShardId == parent.ShardId).IsClosed);
        var children = shards.Where(s => s.ShardId != parent.ShardId).ToList();
        Assert.All(children, c => Assert.Equal(parent.ShardId, c.ParentShardId));
        Assert.All(children, c => Assert.False(c.IsClosed));
    }

    [Fact]
    public async Task Unknown_stream_throws_ResourceNotFound_which_is_not_retryable()
    {
        var infra = await TestInfrastructure.GetAsync();

        var error = await Assert.ThrowsAsync<KinesisException>(() => infra.Kinesis.ListShardsAsync(TestInfrastructure.UniqueName("missing")));

        Assert.Equal(KinesisErrors.ResourceNotFound, error.ErrorType);
        Assert.False(error.IsRetryable);
        Assert.False(KinesisClient.IsTransient(error));
    }

    [Fact]
    public async Task Requests_are_signed_with_sigv4_for_kinesis_and_carry_the_target()
    {
        var recorder = new RecordingHandler(new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent("""{"Shards":[],"NextToken":null}""") });
        var client = KinesisClient.Create(new Uri("http://127.0.0.1:1"), "eu-west-1", new BasicAWSCredentials("AKIDEXAMPLE", "secret"), recorder);

        await client.ListShardsAsync("s");

        var request = Assert.Single(recorder.Requests);
        Assert.Equal("Kinesis_20131202.ListShards", request.Target);
        Assert.StartsWith("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/", request.Authorization, StringComparison.Ordinal);
        Assert.Contains("/eu-west-1/kinesis/aws4_request", request.Authorization, StringComparison.Ordinal);
        Assert.Equal("application/x-amz-json-1.1", request.ContentType);
        Assert.Equal("""{"StreamName":"s"}""", request.Body);
    }

    [Theory]
    [InlineData(HttpStatusCode.BadRequest, """{"__type":"com.amazonaws.kinesis.v20131202#ProvisionedThroughputExceededException","message":"Rate exceeded"}""", "ProvisionedThroughputExceededException", true)]
    [InlineData(HttpStatusCode.BadRequest, """{"__type":"ExpiredIteratorException","message":"Iterator expired"}""", "ExpiredIteratorException", false)]
    [InlineData(HttpStatusCode.BadGateway, "<html>502 Bad Gateway</html>", "Http502", true)]
    public async Task Errors_are_read_from_the_body_and_classified(HttpStatusCode status, string body, string expectedType, bool retryable)
    {
        var handler = new RecordingHandler(new HttpResponseMessage(status) { Content = new StringContent(body) });
        var client = KinesisClient.Create(new Uri("http://127.0.0.1:1"), "us-east-1", new BasicAWSCredentials("a", "b"), handler);

        var error = await Assert.ThrowsAsync<KinesisException>(() => client.GetRecordsAsync("iterator"));

        Assert.Equal(expectedType, error.ErrorType);
        Assert.Equal(retryable, error.IsRetryable);
        Assert.Equal(status, error.StatusCode);
    }

    private sealed class RecordingHandler(HttpResponseMessage response) : HttpMessageHandler
    {
        public List<(string? Target, string? Authorization, string? ContentType, string Body)> Requests { get; } = [];

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Requests.Add((
                request.Headers.TryGetValues("X-Amz-Target", out var t) ? t.Single() : null,
                request.Headers.NonValidated.TryGetValues("Authorization", out var a) ? a.ToString() : null,
                request.Content?.Headers.ContentType?.MediaType,
                request.Content is null ? "" : await request.Content.ReadAsStringAsync(cancellationToken)));
            return response;
        }
    }
}
