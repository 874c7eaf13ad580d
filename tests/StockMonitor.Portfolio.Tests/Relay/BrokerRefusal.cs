using MassTransit;
using StockMonitor.Contracts.Portfolios;

namespace StockMonitor.Portfolio.Tests.Relay;

/// <summary>
/// A publish observer that makes the first <paramref name="failures"/> publications of <see cref="TradeRecorded"/> throw
/// before they reach the broker, as a broker outage would fail them.
/// </summary>
internal sealed class BrokerRefusal(int failures) : IPublishObserver
{
    private int attempts;

    /// <summary>How many times a <see cref="TradeRecorded"/> was about to be published.</summary>
    public int Attempts => Volatile.Read(ref attempts);

    public Task PrePublish<T>(PublishContext<T> context)
        where T : class =>
        context.Message is TradeRecorded && Interlocked.Increment(ref attempts) <= failures
            ? throw new InvalidOperationException($"Simulated broker outage (attempt {attempts}).")
            : Task.CompletedTask;

    public Task PostPublish<T>(PublishContext<T> context)
        where T : class => Task.CompletedTask;

    public Task PublishFault<T>(PublishContext<T> context, Exception exception)
        where T : class => Task.CompletedTask;
}
