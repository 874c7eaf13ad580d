using System.Collections.Concurrent;
using MassTransit;
using StockMonitor.Contracts.Quotes;
using StockMonitor.ServiceDefaults;

namespace StockMonitor.Testing;

/// <summary>
/// A bus on the test broker under a test's prefix: publishes as a service would and records every message
/// of the types it listens to (with its MessageId and when it arrived), so a test can wait for what a service
/// published. <see cref="StartAsync"/> consumes several messages at once; <see cref="StartInOrderAsync"/> one at a
/// time, so that what it records is in the order of the queue.
/// </summary>
public sealed class TestBus : IAsyncDisposable
{
    private readonly IBusControl bus;
    private readonly ConcurrentDictionary<Type, ConcurrentQueue<(object Message, Guid? MessageId, DateTimeOffset ReceivedAt)>> received = new();

    private TestBus(IBusControl bus) => this.bus = bus;

    public IPublishEndpoint Publisher => bus;

    public static Task<TestBus> StartAsync(Uri rabbitMq, string prefix, params Type[] listenTo) => StartAsync(rabbitMq, prefix, inOrder: false, listenTo);

    /// <summary>
    /// Like <see cref="StartAsync"/>, but the receive endpoint takes one message at a time (prefetch 1, one
    /// concurrent message): the messages are recorded in the order the broker queued them.
    /// </summary>
    public static Task<TestBus> StartInOrderAsync(Uri rabbitMq, string prefix, params Type[] listenTo) => StartAsync(rabbitMq, prefix, inOrder: true, listenTo);

    private static async Task<TestBus> StartAsync(Uri rabbitMq, string prefix, bool inOrder, Type[] listenTo)
    {
        ArgumentNullException.ThrowIfNull(listenTo);
        TestBus? testBus = null;
        var control = Bus.Factory.CreateUsingRabbitMq(cfg =>
        {
            cfg.Host(rabbitMq);
            BusTopology.UsePrefix(cfg, prefix);
            if (listenTo.Length > 0)
            {
                cfg.ReceiveEndpoint($"{prefix}-test-observer-{Guid.NewGuid():N}", e =>
                {
                    e.AutoDelete = true;
                    e.Durable = false;
                    if (inOrder)
                    {
                        e.PrefetchCount = 1;
                        e.ConcurrentMessageLimit = 1;
                    }

                    foreach (var type in listenTo)
                    {
                        typeof(TestBus).GetMethod(nameof(Listen), System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Static)!
                            .MakeGenericMethod(type)
                            .Invoke(null, [e, (Action<object, Guid?>)((m, id) => testBus!.received.GetOrAdd(type, _ => new()).Enqueue((m, id, DateTimeOffset.UtcNow)))]);
                    }
                });
            }
        });
        testBus = new TestBus(control);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await control.StartAsync(timeout.Token);
        return testBus;
    }

    /// <summary>How many messages of type <typeparamref name="T"/> were received so far (cheap: nothing is copied).</summary>
    public int Count<T>() => received.TryGetValue(typeof(T), out var queue) ? queue.Count : 0;

    /// <summary>Messages of type <typeparamref name="T"/> received so far.</summary>
    public IReadOnlyList<T> Received<T>() => ReceivedWithIds<T>().Select(r => r.Message).ToList();

    /// <summary>Messages of type <typeparamref name="T"/> received so far, with their MessageId.</summary>
    public IReadOnlyList<(T Message, Guid? MessageId)> ReceivedWithIds<T>() =>
        received.TryGetValue(typeof(T), out var queue) ? queue.Select(r => ((T)r.Message, r.MessageId)).ToList() : [];

    /// <summary>Messages of type <typeparamref name="T"/> received so far, with when this bus received each (UTC).</summary>
    public IReadOnlyList<(T Message, DateTimeOffset ReceivedAt)> ReceivedWithTimes<T>() =>
        received.TryGetValue(typeof(T), out var queue) ? queue.Select(r => ((T)r.Message, r.ReceivedAt)).ToList() : [];

    /// <summary>The quotes of the <see cref="QuotesReceived"/> runs received so far (listen to <see cref="QuotesReceived"/>).</summary>
    public IReadOnlyList<QuoteReceived> ReceivedQuotes() => Received<QuotesReceived>().SelectMany(r => r.Quotes).ToList();

    /// <summary>How many quotes the <see cref="QuotesReceived"/> runs received so far hold.</summary>
    public int QuoteCount() => received.TryGetValue(typeof(QuotesReceived), out var queue) ? queue.Sum(r => ((QuotesReceived)r.Message).Quotes.Count) : 0;

    /// <summary>The quotes of the runs received so far, each with when this bus received its run (UTC).</summary>
    public IReadOnlyList<(QuoteReceived Quote, DateTimeOffset ReceivedAt)> ReceivedQuotesWithTimes() =>
        ReceivedWithTimes<QuotesReceived>().SelectMany(r => r.Message.Quotes.Select(q => (q, r.ReceivedAt))).ToList();

    /// <summary>Publishes <paramref name="run"/> as the bridge does: one <see cref="QuotesReceived"/> with its deterministic MessageId.</summary>
    public Task PublishQuotesAsync(IReadOnlyList<QuoteReceived> run, CancellationToken cancellationToken = default) =>
        bus.Publish(new QuotesReceived(run), c => c.MessageId = QuotesReceived.IdFor(run), cancellationToken);

    public Task PublishAsync<T>(T message, Action<PublishContext<T>>? configure = null)
        where T : class => configure is null ? bus.Publish(message) : bus.Publish(message, configure);

    public async ValueTask DisposeAsync() => await bus.StopAsync();

    private static void Listen<T>(IRabbitMqReceiveEndpointConfigurator endpoint, Action<object, Guid?> record)
        where T : class => endpoint.Handler<T>(context =>
        {
            record(context.Message, context.MessageId);
            return Task.CompletedTask;
        });
}
