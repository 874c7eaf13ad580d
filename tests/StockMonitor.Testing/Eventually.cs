namespace StockMonitor.Testing;

/// <summary>Polls with a deadline instead of sleeping: returns as soon as the condition holds.</summary>
public static class Eventually
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(30);

    /// <summary>Calls <paramref name="probe"/> until it returns a value; fails with <paramref name="what"/> at the deadline.</summary>
    public static async Task<T> ReturnsAsync<T>(Func<Task<T?>> probe, string what, TimeSpan? timeout = null)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(probe);
        var deadline = DateTimeOffset.UtcNow + (timeout ?? DefaultTimeout);
        Exception? last = null;
        while (true)
        {
            try
            {
                if (await probe() is { } value)
                {
                    return value;
                }
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                last = ex;
            }

            if (DateTimeOffset.UtcNow > deadline)
            {
                throw new TimeoutException($"Gave up waiting for {what} after {(timeout ?? DefaultTimeout).TotalSeconds:0} s.", last);
            }

            await Task.Delay(50);
        }
    }

    /// <summary>Calls <paramref name="condition"/> until it is true.</summary>
    public static Task HoldsAsync(Func<Task<bool>> condition, string what, TimeSpan? timeout = null)
    {
        ArgumentNullException.ThrowIfNull(condition);
        return ReturnsAsync(async () => await condition() ? new object() : null, what, timeout);
    }
}
