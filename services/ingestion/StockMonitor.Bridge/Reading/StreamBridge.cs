using MassTransit;
using Microsoft.Extensions.Options;
using StockMonitor.Aws;
using StockMonitor.Bridge.DeadLetters;
using StockMonitor.Bridge.Leasing;
using StockMonitor.Kinesis;

namespace StockMonitor.Bridge.Reading;

/// <summary>
/// Shares the quote stream's shards with the other bridge instances through the lease table, the way the
/// Kinesis Client Library does: discovers shards and creates their leases, renews what it holds, takes free
/// and expired leases, steals for balance, and runs a <see cref="ShardProcessor"/> per held lease. On shutdown
/// it stops its readers gracefully (each checkpoints what it published) and releases its leases so another
/// instance takes them at once.
/// </summary>
internal sealed partial class StreamBridge(
    KinesisClient kinesis,
    IBus bus,
    LeaseTable table,
    DeadLetterWriter deadLetters,
    ShardFailures failures,
    BridgeMetrics metrics,
    IOptions<AwsResources> resources,
    IOptions<BridgeOptions> bridgeOptions,
    IOptions<LeaseOptions> leaseOptions,
    TimeProvider time,
    ILogger<StreamBridge> logger) : BackgroundService
{
    private readonly string streamName = resources.Value.QuoteStream;
    private readonly BridgeOptions options = bridgeOptions.Value;
    private readonly LeaseOptions leasing = leaseOptions.Value;
    private readonly LeaseObserver observer = new(time, leaseOptions.Value.Duration);
    private readonly Dictionary<string, HeldShard> held = new(StringComparer.Ordinal);
    private readonly Lock snapshotGate = new();
    private BridgeSnapshot snapshot = new(bridgeOptions.Value.InstanceId, [], [], null);
    private DateTimeOffset nextDiscovery = DateTimeOffset.MinValue;

    private string Me => options.InstanceId;

    /// <summary>What this instance holds and saw at its last scan (for the status endpoint and health).</summary>
    public BridgeSnapshot Snapshot
    {
        get
        {
            lock (snapshotGate)
            {
                return snapshot;
            }
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        LogStarting(Me, streamName);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await TickAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception ex)
            {
                LogTickFailed(ex);
            }

            try
            {
                await Task.Delay(leasing.ScanInterval, time, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }

        await ShutDownAsync();
    }

    private async Task TickAsync(CancellationToken cancellationToken)
    {
        if (time.GetUtcNow() >= nextDiscovery)
        {
            await DiscoverAsync(cancellationToken);
            nextDiscovery = time.GetUtcNow() + leasing.DiscoveryInterval;
        }

        var leases = await table.ListAsync(cancellationToken);
        observer.Observe(leases);
        await ReapAsync();
        await RenewAsync(cancellationToken);

        // Leases recorded as ours that no reader works on (this instance restarted under the same name): resume them.
        foreach (var lease in leases.Where(l => l.Owner == Me && !l.IsFinished && !held.ContainsKey(l.ShardId)))
        {
            await TakeAsync(lease, "resumed", cancellationToken);
        }

        var plan = LeasePlanner.Plan(Me, leases.Select(l => held.TryGetValue(l.ShardId, out var h) ? h.Lease : l).ToList(), l => l.Owner != Me && observer.IsExpired(l));
        foreach (var lease in plan.Take)
        {
            await TakeAsync(lease, lease.Owner is null ? "free" : "expired", cancellationToken);
        }

        if (plan.Steal is { } victim)
        {
            LogStealing(victim.ShardId, victim.Owner!, plan.Target);
            await TakeAsync(victim, "stolen", cancellationToken);
        }

        lock (snapshotGate)
        {
            snapshot = new BridgeSnapshot(
                Me,
                held.Values.Select(h => new HeldLeaseView(h.Lease.ShardId, h.Lease.Checkpoint, h.Lease.Counter)).OrderBy(h => h.ShardId, StringComparer.Ordinal).ToList(),
                leases.OrderBy(l => l.ShardId, StringComparer.Ordinal).ToList(),
                time.GetUtcNow());
        }
    }

    /// <summary>Creates leases for new shards; deletes leases of shards the stream no longer has.</summary>
    private async Task DiscoverAsync(CancellationToken cancellationToken)
    {
        var shards = await kinesis.ListShardsAsync(streamName, cancellationToken);
        foreach (var shard in shards)
        {
            var parents = shard.Parents().ToList();
            if (await table.CreateIfMissingAsync(shard.ShardId, parents, cancellationToken))
            {
                var parentList = string.Join(",", parents);
                LogDiscovered(shard.ShardId, parentList);
            }
        }

        var existing = shards.Select(s => s.ShardId).ToHashSet(StringComparer.Ordinal);
        foreach (var lease in await table.ListAsync(cancellationToken))
        {
            if (!existing.Contains(lease.ShardId) && !held.ContainsKey(lease.ShardId)
                && (lease.Owner is null || lease.IsFinished || observer.IsExpired(lease))
                && await table.TryDeleteAsync(lease, cancellationToken))
            {
                LogDeletedOrphan(lease.ShardId);
            }
        }
    }

    /// <summary>Handles readers that ended on their own: finished shards and vanished ones give their lease up.</summary>
    private async Task ReapAsync()
    {
        foreach (var (shardId, shard) in held.Where(h => h.Value.Reader.IsCompleted).ToList())
        {
            held.Remove(shardId);
            var outcome = shard.Reader.IsCompletedSuccessfully ? shard.Reader.Result : ShardOutcome.Stopped;
            if (shard.Reader.IsFaulted)
            {
                LogReaderCrashed(shard.Reader.Exception!, shardId);
            }

            if (outcome != ShardOutcome.Lost)
            {
                await table.TryReleaseAsync(shardId, Me, CancellationToken.None);
            }

            shard.Dispose();
        }
    }

    private async Task RenewAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        foreach (var (shardId, shard) in held.Where(h => now - h.Value.RenewedAt >= leasing.RenewInterval).ToList())
        {
            try
            {
                if (await table.TryRenewAsync(shard.Lease, cancellationToken) is { } renewed)
                {
                    shard.Lease = renewed;
                    shard.RenewedAt = now;
                    continue;
                }

                LogLost(shardId);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // The table is unreachable: keep reading only while the lease cannot have expired for others.
                if (now - shard.RenewedAt < leasing.Duration)
                {
                    continue;
                }

                LogRenewFailed(ex, shardId);
            }

            metrics.LeasesLost.Add(1);
            await shard.LeaseLost.CancelAsync();
            held.Remove(shardId);
            shard.Dispose();
        }
    }

    private async Task TakeAsync(Lease observed, string kind, CancellationToken cancellationToken)
    {
        if (await table.TryTakeAsync(observed, Me, cancellationToken) is not { } lease)
        {
            return; // another instance was faster
        }

        metrics.LeasesTaken.Add(1, new KeyValuePair<string, object?>("kind", kind));
        LogTaken(lease.ShardId, kind, lease.Checkpoint);
        var shard = new HeldShard(lease, time.GetUtcNow());
        var processor = new ShardProcessor(kinesis, bus, table, deadLetters, failures, metrics, options, streamName, time, logger);
        shard.Reader = Task.Run(() => processor.RunAsync(lease, shard.LeaseLost.Token, shard.Stop.Token), CancellationToken.None);
        held[lease.ShardId] = shard;
    }

    private async Task ShutDownAsync()
    {
        LogStopping(held.Count);
        foreach (var shard in held.Values)
        {
            await shard.Stop.CancelAsync();
        }

        foreach (var (shardId, shard) in held)
        {
            var outcome = await shard.Reader.ContinueWith(t => t.IsCompletedSuccessfully ? t.Result : ShardOutcome.Stopped, TaskScheduler.Default);
            if (outcome != ShardOutcome.Lost && await table.TryReleaseAsync(shardId, Me, CancellationToken.None))
            {
                LogReleased(shardId);
            }

            shard.Dispose();
        }

        held.Clear();
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Bridge {InstanceId} sharing the shards of {Stream}")]
    private partial void LogStarting(string instanceId, string stream);

    [LoggerMessage(Level = LogLevel.Information, Message = "New shard {ShardId} (parents: {Parents})")]
    private partial void LogDiscovered(string shardId, string parents);

    [LoggerMessage(Level = LogLevel.Information, Message = "Deleted the lease of {ShardId}: the shard no longer exists")]
    private partial void LogDeletedOrphan(string shardId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Took the lease of {ShardId} ({Kind}), checkpoint {Checkpoint}")]
    private partial void LogTaken(string shardId, string kind, string checkpoint);

    [LoggerMessage(Level = LogLevel.Information, Message = "Stealing {ShardId} from {Owner} to balance ({Target} leases each)")]
    private partial void LogStealing(string shardId, string owner, int target);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Lost the lease of {ShardId} to another instance; stopped reading it")]
    private partial void LogLost(string shardId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not renew the lease of {ShardId} within the lease duration; stopped reading it")]
    private partial void LogRenewFailed(Exception exception, string shardId);

    [LoggerMessage(Level = LogLevel.Error, Message = "The reader of {ShardId} failed; its lease is released")]
    private partial void LogReaderCrashed(Exception exception, string shardId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Lease scan failed; trying again")]
    private partial void LogTickFailed(Exception exception);

    [LoggerMessage(Level = LogLevel.Information, Message = "Stopping: finishing and checkpointing {Count} shards")]
    private partial void LogStopping(int count);

    [LoggerMessage(Level = LogLevel.Information, Message = "Released the lease of {ShardId}")]
    private partial void LogReleased(string shardId);
}
