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
        try
        {
            await dynamoDb.PutItemAsync(request, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (ConditionalCheckFailedException)
        {
            return false;
        }
    }

    /// <summary>Updates the item; the response (with the <c>ReturnValues</c> asked for), or null when its <c>ConditionExpression</c> does not hold.</summary>
    public static async Task<UpdateItemResponse?> TryUpdateItemAsync(this IAmazonDynamoDB dynamoDb, UpdateItemRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(dynamoDb);
        try
        {
            return await dynamoDb.UpdateItemAsync(request, cancellationToken).ConfigureAwait(false);
        }
        catch (ConditionalCheckFailedException)
        {
            return null;
        }
    }

    /// <summary>Deletes the item; false when its <c>ConditionExpression</c> does not hold.</summary>
    public static async Task<bool> TryDeleteItemAsync(this IAmazonDynamoDB dynamoDb, DeleteItemRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(dynamoDb);
        try
        {
            await dynamoDb.DeleteItemAsync(request, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (ConditionalCheckFailedException)
        {
            return false;
        }
    }
}
