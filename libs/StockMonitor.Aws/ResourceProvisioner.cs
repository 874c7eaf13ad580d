using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Amazon.S3;
using Amazon.S3.Model;
using Microsoft.Extensions.Logging;
using StockMonitor.Kinesis;

namespace StockMonitor.Aws;

/// <summary>
/// Creates the stream, tables and bucket when they are missing. Idempotent: existing resources are left
/// as they are. Used by <c>./stockmonitor up</c> (through the provision tool) and by the tests.
/// </summary>
public sealed partial class ResourceProvisioner(KinesisClient kinesis, IAmazonDynamoDB dynamoDb, IAmazonS3 s3, ILogger<ResourceProvisioner> logger)
{
    private static readonly TimeSpan ActiveTimeout = TimeSpan.FromSeconds(60);

    public async Task EnsureAllAsync(AwsResources resources, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(resources);
        await EnsureStreamAsync(resources.QuoteStream, resources.QuoteStreamShards, cancellationToken).ConfigureAwait(false);
        foreach (var table in TableDefinitions.All)
        {
            var name = table.Name(resources);
            await EnsureTableAsync(table.CreateRequest(name), cancellationToken).ConfigureAwait(false);
            if (table.TimeToLiveAttribute is { } ttl)
            {
                await EnsureTimeToLiveAsync(name, ttl, cancellationToken).ConfigureAwait(false);
            }
        }

        await EnsureBucketAsync(resources.LakeBucket, cancellationToken).ConfigureAwait(false);
    }

    public async Task EnsureStreamAsync(string streamName, int shardCount, CancellationToken cancellationToken = default)
    {
        try
        {
            await kinesis.CreateStreamAsync(streamName, shardCount, cancellationToken).ConfigureAwait(false);
            LogCreated("Kinesis stream", streamName);
        }
        catch (KinesisException ex) when (ex.ErrorType == KinesisErrors.ResourceInUse)
        {
            LogExists("Kinesis stream", streamName);
        }

        await kinesis.WaitForActiveAsync(streamName, ActiveTimeout, cancellationToken).ConfigureAwait(false);
    }

    public async Task EnsureTableAsync(CreateTableRequest definition, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(definition);
        try
        {
            await dynamoDb.CreateTableAsync(definition, cancellationToken).ConfigureAwait(false);
            LogCreated("DynamoDB table", definition.TableName);
        }
        catch (ResourceInUseException)
        {
            LogExists("DynamoDB table", definition.TableName);
        }

        var deadline = DateTimeOffset.UtcNow + ActiveTimeout;
        while (true)
        {
            var description = await dynamoDb.DescribeTableAsync(definition.TableName, cancellationToken).ConfigureAwait(false);
            if (description.Table.TableStatus == TableStatus.ACTIVE)
            {
                return;
            }

            if (DateTimeOffset.UtcNow > deadline)
            {
                throw new TimeoutException($"DynamoDB table '{definition.TableName}' is still {description.Table.TableStatus}.");
            }

            await Task.Delay(100, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Enables TTL on real AWS. dynalite does not implement TTL (UnknownOperationException): there it is a
    /// logged no-op, so expired items simply stay locally.
    /// </summary>
    public async Task EnsureTimeToLiveAsync(string tableName, string attribute, CancellationToken cancellationToken = default)
    {
        try
        {
            var current = await dynamoDb.DescribeTimeToLiveAsync(tableName, cancellationToken).ConfigureAwait(false);
            if (current.TimeToLiveDescription?.TimeToLiveStatus is { } status
                && (status == TimeToLiveStatus.ENABLED || status == TimeToLiveStatus.ENABLING))
            {
                return;
            }

            await dynamoDb.UpdateTimeToLiveAsync(
                new UpdateTimeToLiveRequest
                {
                    TableName = tableName,
                    TimeToLiveSpecification = new TimeToLiveSpecification { AttributeName = attribute, Enabled = true },
                },
                cancellationToken).ConfigureAwait(false);
            LogTtlEnabled(tableName, attribute);
        }
        catch (AmazonDynamoDBException ex) when (ex.ErrorCode == "UnknownOperationException")
        {
            LogTtlUnsupported(tableName);
        }
    }

    public async Task EnsureBucketAsync(string bucketName, CancellationToken cancellationToken = default)
    {
        try
        {
            await s3.PutBucketAsync(new PutBucketRequest { BucketName = bucketName }, cancellationToken).ConfigureAwait(false);
            LogCreated("S3 bucket", bucketName);
        }
        catch (AmazonS3Exception ex) when (ex.ErrorCode is "BucketAlreadyOwnedByYou" or "BucketAlreadyExists")
        {
            LogExists("S3 bucket", bucketName);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Created {Kind} {Name}")]
    private partial void LogCreated(string kind, string name);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Kind} {Name} already exists")]
    private partial void LogExists(string kind, string name);

    [LoggerMessage(Level = LogLevel.Information, Message = "Enabled TTL on {Table} ({Attribute})")]
    private partial void LogTtlEnabled(string table, string attribute);

    [LoggerMessage(Level = LogLevel.Warning, Message = "TTL is not supported by this DynamoDB endpoint (dynalite); items of {Table} will not expire locally")]
    private partial void LogTtlUnsupported(string table);
}
