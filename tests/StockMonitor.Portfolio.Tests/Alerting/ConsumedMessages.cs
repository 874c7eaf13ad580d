using MassTransit;

namespace StockMonitor.Portfolio.Tests.Alerting;

/// <summary>
/// Counts the matching messages of type <typeparamref name="T"/> that the service's consumers finished with (their work
/// saved), so a test knows a delivery was handled without waiting for its effect.
/// </summary>
internal sealed class ConsumedMessages<T>(Func<T, bool> match) : IConsumeMessageObserver<T>
    where T : class
{
    private int count;

    public int Count => Volatile.Read(ref count);

    public Task PreConsume(ConsumeContext<T> context) => Task.CompletedTask;

    public Task PostConsume(ConsumeContext<T> context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (match(context.Message))
        {
            Interlocked.Increment(ref count);
        }

        return Task.CompletedTask;
    }

    public Task ConsumeFault(ConsumeContext<T> context, Exception exception) => Task.CompletedTask;
}
