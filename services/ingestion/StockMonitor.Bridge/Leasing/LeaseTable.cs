using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Microsoft.Extensions.Options;
using StockMonitor.Aws;
using StockMonitor.Aws.Dynamo;

namespace StockMonitor.Bridge.Leasing;

/// <summary>
/// The lease table (<c>stockmonitor-bridge-leases</c>, key <c>shardId</c>). Every change is a conditional write
/// on the counter and/or the owner, so of two instances racing for a lease exactly one wins, and an instance
/// that lost its lease can neither renew it nor move its checkpoint.
/// </summary>
public sealed class LeaseTable(IAmazonDynamoDB dynamoDb, IOptions<AwsResources> resources)
{
    private const string ShardIdAttribute = "shardId";
    private readonly string table = resources.Value.BridgeLeaseTable;

    public async Task<IReadOnlyList<Lease>> ListAsync(CancellationToken cancellationToken) =>
        await dynamoDb.ScanItemsAsync(new ScanRequest { TableName = table, ConsistentRead = true }, cancellationToken)
            .Select(FromItem)
            .ToListAsync(cancellationToken);

    /// <summary>Creates the lease of a newly discovered shard, unless one exists. Returns whether it created it.</summary>
    public async Task<bool> CreateIfMissingAsync(string shardId, IReadOnlyList<string> parentShardIds, CancellationToken cancellationToken)
    {
        var item = new Dictionary<string, AttributeValue>
        {
            [ShardIdAttribute] = new(shardId),
            ["leaseCounter"] = DynamoNumber.Of(0),
            ["checkpoint"] = new(Lease.TrimHorizon),
        };
        if (parentShardIds.Count > 0)
        {
            item["parentShardIds"] = new AttributeValue { L = parentShardIds.Select(p => new AttributeValue(p)).ToList() };
        }

        return await dynamoDb.TryPutItemAsync(
            new PutItemRequest { TableName = table, Item = item, ConditionExpression = "attribute_not_exists(shardId)" },
            cancellationToken);
    }

    /// <summary>Takes a free, expired or stolen lease as it was observed; null when someone else changed it first.</summary>
    public Task<Lease?> TryTakeAsync(Lease observed, string owner, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(observed);
        var values = new Dictionary<string, AttributeValue>
        {
            [":me"] = new(owner),
            [":one"] = DynamoNumber.Of(1),
            [":observed"] = DynamoNumber.Of(observed.Counter),
        };
        var condition = "leaseCounter = :observed";
        if (observed.Owner is null)
        {
            condition += " AND attribute_not_exists(leaseOwner)";
        }
        else
        {
            condition += " AND leaseOwner = :previous";
            values[":previous"] = new(observed.Owner);
        }

        return UpdateAsync(observed.ShardId, "SET leaseOwner = :me, leaseCounter = leaseCounter + :one", condition, values, cancellationToken);
    }

    /// <summary>Renews a held lease; null when it was lost (taken by another instance).</summary>
    public Task<Lease?> TryRenewAsync(Lease held, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(held);
        return UpdateAsync(
            held.ShardId,
            "SET leaseCounter = leaseCounter + :one",
            "leaseOwner = :me AND leaseCounter = :expected",
            new() { [":me"] = new(held.Owner), [":one"] = DynamoNumber.Of(1), [":expected"] = DynamoNumber.Of(held.Counter) },
            cancellationToken);
    }

    /// <summary>Moves the checkpoint of a lease this instance still owns; false when the lease was lost.</summary>
    public async Task<bool> TryCheckpointAsync(string shardId, string owner, string checkpoint, CancellationToken cancellationToken) =>
        await UpdateAsync(
            shardId,
            "SET checkpoint = :checkpoint",
            "leaseOwner = :me",
            new() { [":me"] = new(owner), [":checkpoint"] = new(checkpoint) },
            cancellationToken) is not null;

    /// <summary>Gives a held lease up so that another instance can take it at once; false when it was already lost.</summary>
    public async Task<bool> TryReleaseAsync(string shardId, string owner, CancellationToken cancellationToken) =>
        await UpdateAsync(
            shardId,
            "REMOVE leaseOwner SET leaseCounter = leaseCounter + :one",
            "leaseOwner = :me",
            new() { [":me"] = new(owner), [":one"] = DynamoNumber.Of(1) },
            cancellationToken) is not null;

    /// <summary>Deletes the lease of a shard that no longer exists, unless it changed since it was observed.</summary>
    public Task<bool> TryDeleteAsync(Lease observed, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(observed);
        return dynamoDb.TryDeleteItemAsync(
            new DeleteItemRequest
            {
                TableName = table,
                Key = new() { [ShardIdAttribute] = new(observed.ShardId) },
                ConditionExpression = "leaseCounter = :observed",
                ExpressionAttributeValues = new() { [":observed"] = DynamoNumber.Of(observed.Counter) },
            },
            cancellationToken);
    }

    private async Task<Lease?> UpdateAsync(string shardId, string update, string condition, Dictionary<string, AttributeValue> values, CancellationToken cancellationToken)
    {
        var response = await dynamoDb.TryUpdateItemAsync(
            new UpdateItemRequest
            {
                TableName = table,
                Key = new() { [ShardIdAttribute] = new(shardId) },
                UpdateExpression = update,
                ConditionExpression = condition,
                ExpressionAttributeValues = values,
                ReturnValues = ReturnValue.ALL_NEW,
            },
            cancellationToken);
        return response is null ? null : FromItem(response.Attributes);
    }

    private static Lease FromItem(Dictionary<string, AttributeValue> item) => new(
        item[ShardIdAttribute].S,
        item.TryGetValue("leaseOwner", out var owner) ? owner.S : null,
        DynamoNumber.ParseInt64(item["leaseCounter"]),
        item.TryGetValue("checkpoint", out var checkpoint) ? checkpoint.S : Lease.TrimHorizon,
        item.TryGetValue("parentShardIds", out var parents) && parents.L is { } list ? list.Select(p => p.S).ToList() : []);
}
