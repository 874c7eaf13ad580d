using System.Collections.Concurrent;
using MassTransit;
using StockMonitor.Contracts.Quotes;
using StockMonitor.ServiceDefaults;

namespace StockMonitor.Bridge.Tests.DeadLetters;

/// <summary>
/// A queue on the test broker under a test's prefix that takes <see cref="QuotesReceived"/> one message at a time
/// (prefetch 1, no concurrency), so the order it records (each run's quotes in their order) is the order in which the
/// broker queued what the bridge published.
/// </summary>
internal sealed class OrderedQuoteObserver : IAsyncDisposable
{
    private readonly ConcurrentQueue<QuoteReceived> received = new();
    private IBusControl? bus;

    /// <summary>Every message so far, in arrival order.</summary>
    public IReadOnlyList<QuoteReceived> Received => [.. received];

    public static async Task<OrderedQuoteObserver> StartAsync(Uri rabbitMq, string prefix)
    {
        var observer = new OrderedQuoteObserver();
        observer.bus = Bus.Factory.CreateUsingRabbitMq(cfg =>
        {
            cfg.Host(rabbitMq);
            BusTopology.UsePrefix(cfg, prefix);
            cfg.ReceiveEndpoint($"{prefix}-ordered-observer-{Guid.NewGuid():N}", e =>
            {
                e.AutoDelete = true;
                e.Durable = false;
                e.PrefetchCount = 1;
                e.ConcurrentMessageLimit = 1;
                e.Handler<QuotesReceived>(context =>
                {
                    foreach (var quote in context.Message.Quotes)
                    {
                        observer.received.Enqueue(quote);
                    }

                    return Task.CompletedTask;
                });
            });
        });
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await observer.bus.StartAsync(timeout.Token);
        return observer;
    }

    public async ValueTask DisposeAsync()
    {
        if (bus is not null)
        {
            await bus.StopAsync();
        }
    }
}
