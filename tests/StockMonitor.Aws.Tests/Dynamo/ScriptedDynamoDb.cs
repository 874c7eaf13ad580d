using System.Reflection;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;

namespace StockMonitor.Aws.Tests.Dynamo;

/// <summary>
/// A DynamoDB client (made with <see cref="DispatchProxy.Create{T, TProxy}"/>) that answers only BatchWriteItem and
/// BatchGetItem, with the functions the test gives, and counts what each call asked for.
/// </summary>
public class ScriptedDynamoDb : DispatchProxy
{
    private readonly Lock gate = new();
    private readonly List<int> callSizes = [];

    public Func<BatchWriteItemRequest, BatchWriteItemResponse> OnWrite { get; set; } = _ => new BatchWriteItemResponse();

    public Func<BatchGetItemRequest, BatchGetItemResponse> OnGet { get; set; } = _ => new BatchGetItemResponse();

    /// <summary>How many writes or keys each call carried, in the order of the calls.</summary>
    public IReadOnlyList<int> CallSizes
    {
        get
        {
            lock (gate)
            {
                return [.. callSizes];
            }
        }
    }

    public int Calls => CallSizes.Count;

    public static (IAmazonDynamoDB Client, ScriptedDynamoDb Script) Create()
    {
        var client = Create<IAmazonDynamoDB, ScriptedDynamoDb>();
        return (client, (ScriptedDynamoDb)(object)client);
    }

    protected override object? Invoke(MethodInfo? targetMethod, object?[]? args)
    {
        switch (targetMethod?.Name, args)
        {
            case (nameof(IAmazonDynamoDB.BatchWriteItemAsync), [BatchWriteItemRequest write, CancellationToken]):
                return Answer(write.RequestItems.Values.Sum(w => w.Count), () => OnWrite(write));
            case (nameof(IAmazonDynamoDB.BatchGetItemAsync), [BatchGetItemRequest get, CancellationToken]):
                return Answer(get.RequestItems.Values.Sum(k => k.Keys.Count), () => OnGet(get));
            default:
                throw new NotSupportedException($"Only the batch calls are scripted, not {targetMethod?.Name}.");
        }
    }

    private Task<T> Answer<T>(int size, Func<T> answer)
    {
        lock (gate)
        {
            callSizes.Add(size);
            try
            {
                return Task.FromResult(answer());
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                return Task.FromException<T>(ex);
            }
        }
    }
}
