using System.Reflection;
using MassTransit;

namespace StockMonitor.Testing;

/// <summary>
/// Wraps a bus so that its first <c>count</c> publishes of <typeparamref name="TMessage"/> never end and ignore their
/// cancellation, as a publish after a dropped broker connection can; every other call goes to the real bus.
/// </summary>
public sealed class StuckPublishes<TMessage>(int count)
{
    private int publishes;

    /// <summary>How many publishes were left hanging.</summary>
    public int Swallowed => Math.Min(Volatile.Read(ref publishes), count);

    public IBus Around(IBus bus)
    {
        var proxy = DispatchProxy.Create<IBus, Forwarder>();
        ((Forwarder)(object)proxy).Init(bus, this);
        return proxy;
    }

    private bool Swallow() => Interlocked.Increment(ref publishes) <= count;

    [System.Diagnostics.CodeAnalysis.SuppressMessage("Performance", "CA1852:Seal internal types", Justification = "DispatchProxy.Create derives a type from it: it must not be sealed.")]
    public class Forwarder : DispatchProxy
    {
        private IBus? inner;
        private StuckPublishes<TMessage>? owner;

        internal void Init(IBus bus, StuckPublishes<TMessage> stuck) => (inner, owner) = (bus, stuck);

        protected override object? Invoke(MethodInfo? targetMethod, object?[]? args)
        {
            ArgumentNullException.ThrowIfNull(targetMethod);
            if (targetMethod.Name == nameof(IPublishEndpoint.Publish) && args is [TMessage, ..] && owner!.Swallow())
            {
                return new TaskCompletionSource().Task;
            }

            try
            {
                return targetMethod.Invoke(inner, args);
            }
            catch (TargetInvocationException ex) when (ex.InnerException is not null)
            {
                throw ex.InnerException;
            }
        }
    }
}
