using StockMonitor.Bridge.Leasing;

namespace StockMonitor.Bridge.Reading;

/// <summary>A lease this instance holds and the reader working on it.</summary>
internal sealed class HeldShard(Lease lease, DateTimeOffset renewedAt) : IDisposable
{
    public Lease Lease { get; set; } = lease;

    public DateTimeOffset RenewedAt { get; set; } = renewedAt;

    /// <summary>Cancelled when the lease is lost: the reader abandons at once.</summary>
    public CancellationTokenSource LeaseLost { get; } = new();

    /// <summary>Cancelled to stop gracefully: the reader finishes and checkpoints its batch.</summary>
    public CancellationTokenSource Stop { get; } = new();

    public Task<ShardOutcome> Reader { get; set; } = Task.FromResult(ShardOutcome.Stopped);

    public void Dispose()
    {
        LeaseLost.Dispose();
        Stop.Dispose();
    }
}
