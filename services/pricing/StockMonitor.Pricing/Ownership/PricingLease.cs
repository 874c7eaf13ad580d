using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Microsoft.Extensions.Options;
using StockMonitor.Aws;

namespace StockMonitor.Pricing.Ownership;

/// <summary>
/// Which pricing instance may write the quote state: the one holding the lease, an item of the latest table
/// (<c>symbol</c> = <c>#owner</c>: <c>leaseOwner</c>, <c>expiresAt</c> in Unix milliseconds). Only the broker's single active consumer receives quotes (see <c>QuotesReceivedConsumerDefinition</c>);
/// the lease fences the rest: an instance writes only while its lease is valid by its own clock with a margin, and
/// each write is cancelled when that time comes, so a former owner that was paused or cut off cannot write after
/// its successor took over. A successor takes an expired lease, or one released at shutdown.
/// </summary>
/// <remarks>Expiry compares the instances' clocks: they must agree within <see cref="PricingOptions.LeaseMargin"/> (NTP does).</remarks>
public sealed partial class PricingLease(
    IAmazonDynamoDB dynamoDb,
    IOptions<AwsResources> resources,
    IOptions<PricingOptions> options,
    TimeProvider time,
    ILogger<PricingLease> logger)
{
    public const string ItemKey = "#owner";

    private readonly string table = resources.Value.QuotesLatestTable;
    private readonly TimeSpan duration = options.Value.LeaseDuration;
    private readonly TimeSpan margin = options.Value.LeaseMargin;
    private long validUntil;
    private bool held;

    /// <summary>This instance's name in the lease.</summary>
    public string Owner { get; } = $"{Environment.MachineName}/{Environment.ProcessId}/{Guid.NewGuid().ToString("N")[..8]}";

    /// <summary>The instance holding the lease when this one last failed to take it, and until when.</summary>
    public string? HeldBy { get; private set; }

    /// <summary>
    /// Takes or renews the lease when less than half of it is left. Returns whether this instance holds it and,
    /// if it took it from another instance (or from nobody), <c>TookOver</c>: what it held in memory may be stale.
    /// </summary>
    public async Task<(bool Held, bool TookOver)> HoldAsync(CancellationToken cancellationToken)
    {
        if (held && Remaining > duration / 2)
        {
            return (true, false);
        }

        var started = time.GetTimestamp();
        var now = time.GetUtcNow();
        var response = await dynamoDb.TryUpdateItemAsync(
            new UpdateItemRequest
            {
                TableName = table,
                Key = LeaseKey(),
                UpdateExpression = "SET leaseOwner = :me, expiresAt = :expires",
                ConditionExpression = "attribute_not_exists(leaseOwner) OR leaseOwner = :me OR expiresAt < :now",
                ExpressionAttributeValues = new()
                {
                    [":me"] = new(Owner),
                    [":expires"] = Millis(now + duration),
                    [":now"] = Millis(now),
                },
                ReturnValues = ReturnValue.ALL_OLD,
            },
            cancellationToken);
        if (response is null)
        {
            held = false;
            var current = await dynamoDb.GetItemAsync(
                new GetItemRequest { TableName = table, Key = LeaseKey(), ConsistentRead = true },
                cancellationToken);
            HeldBy = current.Item is { Count: > 0 } item && item.TryGetValue("leaseOwner", out var other)
                ? $"{other.S} until {DateTimeOffset.FromUnixTimeMilliseconds(DynamoNumber.ParseInt64(item["expiresAt"])):HH:mm:ss.fff}"
                : null;
            return (false, false);
        }

        var previous = response.Attributes?.TryGetValue("leaseOwner", out var owner) == true ? owner.S : null;
        var tookOver = previous != Owner;
        Interlocked.Exchange(ref validUntil, started + (long)((duration - margin).TotalSeconds * time.TimestampFrequency));
        held = true;
        HeldBy = null;
        if (previous != Owner)
        {
            LogTaken(Owner, previous ?? "nobody");
        }

        return (true, tookOver);
    }

    /// <summary>A token cancelled when the lease stops being valid by this instance's clock (less the margin): writes stop then.</summary>
    public CancellationTokenSource WriteDeadline(CancellationToken cancellationToken)
    {
        var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var remaining = Remaining;
        if (remaining <= TimeSpan.Zero)
        {
            deadline.Cancel();
        }
        else
        {
            deadline.CancelAfter(remaining);
        }

        return deadline;
    }

    /// <summary>Gives the lease up (at shutdown, after the last write) so that another instance takes over at once.</summary>
    public async Task ReleaseAsync(CancellationToken cancellationToken)
    {
        if (!held)
        {
            return;
        }

        held = false;
        var released = await dynamoDb.TryUpdateItemAsync(
            new UpdateItemRequest
            {
                TableName = table,
                Key = LeaseKey(),
                UpdateExpression = "REMOVE leaseOwner, expiresAt",
                ConditionExpression = "leaseOwner = :me",
                ExpressionAttributeValues = new() { [":me"] = new(Owner) },
            },
            cancellationToken);
        // Null when another instance has taken it already.
        if (released is not null)
        {
            LogReleased(Owner);
        }
    }

    private TimeSpan Remaining => held
        ? TimeSpan.FromSeconds((Interlocked.Read(ref validUntil) - time.GetTimestamp()) / (double)time.TimestampFrequency)
        : TimeSpan.Zero;

    private static Dictionary<string, AttributeValue> LeaseKey() => new() { ["symbol"] = new AttributeValue(ItemKey) };

    private static AttributeValue Millis(DateTimeOffset at) => DynamoNumber.Of(at.ToUnixTimeMilliseconds());

    [LoggerMessage(Level = LogLevel.Information, Message = "{Owner} took the pricing lease (from {Previous}); it writes the quote state now")]
    private partial void LogTaken(string owner, string previous);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Owner} released the pricing lease")]
    private partial void LogReleased(string owner);
}
