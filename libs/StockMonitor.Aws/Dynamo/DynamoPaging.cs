using System.Runtime.CompilerServices;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;

namespace StockMonitor.Aws.Dynamo;

/// <summary>
/// The items of a Query or Scan, page after page (a page ends at the request's <c>Limit</c> or at 1 MB). A page is
/// read only when the enumeration reaches it, so a caller that stops early reads no further. The request is reused:
/// its <c>ExclusiveStartKey</c> moves on with each page.
/// </summary>
public static class DynamoPaging
{
    public static IAsyncEnumerable<Dictionary<string, AttributeValue>> QueryItemsAsync(
        this IAmazonDynamoDB dynamoDb, QueryRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(dynamoDb);
        ArgumentNullException.ThrowIfNull(request);
        return ItemsAsync(
            async token =>
            {
                var page = await dynamoDb.QueryAsync(request, token).ConfigureAwait(false);
                return (page.Items, page.LastEvaluatedKey);
            },
            start => request.ExclusiveStartKey = start,
            cancellationToken);
    }

    public static IAsyncEnumerable<Dictionary<string, AttributeValue>> ScanItemsAsync(
        this IAmazonDynamoDB dynamoDb, ScanRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(dynamoDb);
        ArgumentNullException.ThrowIfNull(request);
        return ItemsAsync(
            async token =>
            {
                var page = await dynamoDb.ScanAsync(request, token).ConfigureAwait(false);
                return (page.Items, page.LastEvaluatedKey);
            },
            start => request.ExclusiveStartKey = start,
            cancellationToken);
    }

    private static async IAsyncEnumerable<Dictionary<string, AttributeValue>> ItemsAsync(
        Func<CancellationToken, Task<(List<Dictionary<string, AttributeValue>>? Items, Dictionary<string, AttributeValue>? LastKey)>> readPage,
        Action<Dictionary<string, AttributeValue>?> startAt,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        while (true)
        {
            var (items, lastKey) = await readPage(cancellationToken).ConfigureAwait(false);
            foreach (var item in items ?? [])
            {
                yield return item;
            }

            if (lastKey is not { Count: > 0 })
            {
                yield break;
            }

            startAt(lastKey);
        }
    }
}
