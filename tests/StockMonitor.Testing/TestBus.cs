using System.Collections.Concurrent;
using MassTransit;
using StockMonitor.ServiceDefaults;

namespace StockMonitor.Testing;

/// <summary>
/// A bus on the test broker under a test's prefix: publishes as a service would and records every message
/// of the types it listens to, so a test can wait for what a service published.
/// </summary>
public sealed class TestBus : IAsyncDisposable
{
    private readonly IBusControl bus;
    private readonly ConcurrentDictionary<Type, ConcurrentQueue<(object Message, Guid? MessageId)>> received = new();

    private TestBus(IBusControl bus) => this.bus = bus;

    public IPublishEndpoint Publisher => bus;

    public static async Task<TestBus> StartAsync(Uri rabbitMq, string prefix, params Type[] listenTo)
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
                    foreach (var type in listenTo)
                    {
                        typeof(TestBus).GetMethod(nameof(Listen), System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Static)!
                            .MakeGenericMethod(type)
                            .Invoke(null, [e, (Action<object, Guid?>)((m, id) => testBus!.received.GetOrAdd(type, _ => new()).Enqueue((m, id)))]);
                    }
                });
            }
        });
        testBus = new TestBus(control);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await control.StartAsync(timeout.Token);
        return testBus;
    }

    /// <summary>Messages of type <typeparamref name="T"/> received so far.</summary>
    public IReadOnlyList<T> Received<T>() => ReceivedWithIds<T>().Select(r => r.Message).ToList();

    /// <summary>Messages of type <typeparamref name="T"/> received so far, with their MessageId.</summary>
    public IReadOnlyList<(T Message, Guid? MessageId)> ReceivedWithIds<T>() =>
        received.TryGetValue(typeof(T), out var queue) ? queue.Select(r => ((T)r.Message, r.MessageId)).ToList() : [];

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
