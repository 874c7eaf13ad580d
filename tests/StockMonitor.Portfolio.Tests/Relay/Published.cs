using StockMonitor.Testing;

namespace StockMonitor.Portfolio.Tests.Relay;

/// <summary>Waits for what the relay published, as the test bus recorded it.</summary>
internal static class Published
{
    /// <summary>The messages of type <typeparamref name="T"/> that match, once there is at least one.</summary>
    public static async Task<IReadOnlyList<(T Message, Guid? MessageId)>> WaitForAsync<T>(TestBus bus, Func<T, bool> match, string what, TimeSpan? timeout = null)
    {
        ArgumentNullException.ThrowIfNull(bus);
        return await Eventually.ReturnsAsync<IReadOnlyList<(T Message, Guid? MessageId)>>(
            () =>
            {
                var matching = bus.ReceivedWithIds<T>().Where(r => match(r.Message)).ToList();
                return Task.FromResult<IReadOnlyList<(T Message, Guid? MessageId)>?>(matching.Count > 0 ? matching : null);
            },
            what,
            timeout);
    }
}
