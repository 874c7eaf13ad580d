using MassTransit;

namespace StockMonitor.ServiceDefaults;

/// <summary>
/// A publish that waits for the broker's confirm at most a given time, also when the transport does not honour its
/// cancellation: after a dropped or killed broker connection a publish can wait for a channel that never comes, and a
/// caller that awaits it (a shard reader, a batch recorder) would stop for good, silently.
/// </summary>
public static class BoundedPublish
{
    /// <summary>Publishes <paramref name="message"/>; a <see cref="TimeoutException"/> when it is not confirmed within <paramref name="timeout"/>.</summary>
    public static async Task PublishWithinAsync<T>(
        this IPublishEndpoint bus, T message, Action<PublishContext<T>> configure, TimeSpan timeout, TimeProvider time, CancellationToken cancellationToken)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(bus);
        using var deadline = new CancellationTokenSource(timeout, time);
        using var bounded = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, deadline.Token);
        try
        {
            // WaitAsync gives up on the publish even if the transport ignores the token; it is left to end on its own
            // (a late confirm publishes a message the caller will publish again: consumers are idempotent).
            await bus.Publish(message, configure, bounded.Token).WaitAsync(bounded.Token);
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException($"The broker did not confirm the {typeof(T).Name} within {timeout}.");
        }
    }
}
