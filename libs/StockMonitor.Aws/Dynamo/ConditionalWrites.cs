using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;

namespace StockMonitor.Aws.Dynamo;

/// <summary>
/// Conditional writes whose failed condition is an answer, not an error: another writer got there first, the item
/// is newer, the lease is someone else's.
/// </summary>
public static class ConditionalWrites
{
    /// <summary>Puts the item; false when its <c>ConditionExpression</c> does not hold.</summary>
    public static async Task<bool> TryPutItemAsync(this IAmazonDynamoDB dynamoDb, PutItemRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(dynamoDb);
        return await UnlessConditionFailsAsync(() => dynamoDb.PutItemAsync(request, cancellationToken)).ConfigureAwait(false) is not null;
    }

    /// <summary>Updates the item; the response (with the <c>ReturnValues</c> asked for), or null when its <c>ConditionExpression</c> does not hold.</summary>
    public static Task<UpdateItemResponse?> TryUpdateItemAsync(this IAmazonDynamoDB dynamoDb, UpdateItemRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(dynamoDb);
        return UnlessConditionFailsAsync(() => dynamoDb.UpdateItemAsync(request, cancellationToken));
    }

    /// <summary>Deletes the item; false when its <c>ConditionExpression</c> does not hold.</summary>
    public static async Task<bool> TryDeleteItemAsync(this IAmazonDynamoDB dynamoDb, DeleteItemRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(dynamoDb);
        return await UnlessConditionFailsAsync(() => dynamoDb.DeleteItemAsync(request, cancellationToken)).ConfigureAwait(false) is not null;
    }

    private static async Task<T?> UnlessConditionFailsAsync<T>(Func<Task<T>> write)
        where T : class
    {
        try
        {
            return await write().ConfigureAwait(false);
        }
        catch (ConditionalCheckFailedException)
        {
            return null;
        }
    }
}
