using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using StockMonitor.Aws.Dynamo;

namespace StockMonitor.Aws.Tests.Dynamo;

/// <summary>Failed conditions as answers, against dynalite.</summary>
public class ConditionalWritesTests : DynaliteTable
{
    [Fact]
    public async Task TryPutItemAsync_is_true_once_then_false_for_an_existing_item()
    {
        var first = await Infra.DynamoDb.TryPutItemAsync(PutIfMissing(1));
        var second = await Infra.DynamoDb.TryPutItemAsync(PutIfMissing(2));

        var stored = await Infra.DynamoDb.GetItemAsync(new GetItemRequest { TableName = Table, Key = Key("s", 0), ConsistentRead = true });
        Assert.True(first);
        Assert.False(second);
        Assert.Equal(1, DynamoNumber.ParseInt64(stored.Item["version"]));
    }

    [Fact]
    public async Task TryUpdateItemAsync_returns_the_item_when_the_condition_holds_and_null_when_not()
    {
        await Infra.DynamoDb.TryPutItemAsync(PutIfMissing(1));

        var moved = await Infra.DynamoDb.TryUpdateItemAsync(UpdateVersion(expected: 1, next: 2));
        var stale = await Infra.DynamoDb.TryUpdateItemAsync(UpdateVersion(expected: 1, next: 3));

        Assert.NotNull(moved);
        Assert.Equal(2, DynamoNumber.ParseInt64(moved.Attributes["version"]));
        Assert.Null(stale);
    }

    [Fact]
    public async Task TryDeleteItemAsync_is_false_when_the_item_changed()
    {
        await Infra.DynamoDb.TryPutItemAsync(PutIfMissing(5));

        var stale = await Infra.DynamoDb.TryDeleteItemAsync(DeleteIfVersion(4));
        var current = await Infra.DynamoDb.TryDeleteItemAsync(DeleteIfVersion(5));

        Assert.False(stale);
        Assert.True(current);
    }

    [Fact]
    public async Task Errors_other_than_a_failed_condition_are_thrown()
    {
        var request = PutIfMissing(1);
        request.ConditionExpression = "version <";

        await Assert.ThrowsAsync<AmazonDynamoDBException>(() => Infra.DynamoDb.TryPutItemAsync(request));
    }

    private PutItemRequest PutIfMissing(long version)
    {
        var item = Key("s", 0);
        item["version"] = DynamoNumber.Of(version);
        return new PutItemRequest { TableName = Table, Item = item, ConditionExpression = "attribute_not_exists(series)" };
    }

    private UpdateItemRequest UpdateVersion(long expected, long next) => new()
    {
        TableName = Table,
        Key = Key("s", 0),
        UpdateExpression = "SET version = :next",
        ConditionExpression = "version = :expected",
        ExpressionAttributeValues = new() { [":next"] = DynamoNumber.Of(next), [":expected"] = DynamoNumber.Of(expected) },
        ReturnValues = ReturnValue.ALL_NEW,
    };

    private DeleteItemRequest DeleteIfVersion(long version) => new()
    {
        TableName = Table,
        Key = Key("s", 0),
        ConditionExpression = "version = :version",
        ExpressionAttributeValues = new() { [":version"] = DynamoNumber.Of(version) },
    };
}
