using System.Reflection;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;

namespace StockMonitor.Pricing.Tests.Alerts;

/// <summary>
/// A DynamoDB client (made with <see cref="DispatchProxy.Create{T, TProxy}"/>) that answers only Scan, each call with
/// the next answer the test queued: a task the test may complete later, to hold a read in flight.
/// </summary>
public class ScriptedScans : DispatchProxy
{
    private readonly Queue<Task<ScanResponse>> answers = new();

    /// <summary>How many scans were made.</summary>
    public int Count { get; private set; }

    public static (IAmazonDynamoDB Client, ScriptedScans Scans) Create()
    {
        var client = Create<IAmazonDynamoDB, ScriptedScans>();
        return (client, (ScriptedScans)(object)client);
    }

    public void Enqueue(Task<ScanResponse> answer) => answers.Enqueue(answer);

    protected override object? Invoke(MethodInfo? targetMethod, object?[]? args)
    {
        if (targetMethod?.Name != nameof(IAmazonDynamoDB.ScanAsync) || args is not [ScanRequest, CancellationToken])
        {
            throw new NotSupportedException($"Only ScanAsync(ScanRequest, CancellationToken) is scripted, not {targetMethod?.Name}.");
        }

        Count++;
        return answers.Dequeue();
    }
}
