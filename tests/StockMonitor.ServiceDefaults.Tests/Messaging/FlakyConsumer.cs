using System.Collections.Concurrent;
using MassTransit;

namespace StockMonitor.ServiceDefaults.Tests.Messaging;

public sealed record FlakyWorkRequested(string Id);

/// <summary>How often each message was tried, and which succeeded.</summary>
public sealed class FlakyAttempts(int failures, bool unrecoverable = false)
{
    /// <summary>Attempts up to this number fail.</summary>
    public int FailUntil { get; set; } = failures;

    private readonly ConcurrentDictionary<string, int> attempts = new(StringComparer.Ordinal);

    public ConcurrentBag<string> Succeeded { get; } = [];

    public int Count(string id) => attempts.GetValueOrDefault(id);

    /// <summary>Counts an attempt and throws for the first <c>failures</c> of them.</summary>
    public void Attempt(string id)
    {
        var attempt = attempts.AddOrUpdate(id, 1, (_, n) => n + 1);
        if (attempt <= FailUntil)
        {
            throw unrecoverable
                ? new BadWorkException($"attempt {attempt} of {id}: cannot ever succeed")
                : new InvalidOperationException($"attempt {attempt} of {id} fails on purpose");
        }

        Succeeded.Add(id);
    }
}

public sealed class BadWorkException(string message) : UnrecoverableMessageException(message);

public sealed class FlakyConsumer(FlakyAttempts attempts) : IConsumer<FlakyWorkRequested>
{
    public Task Consume(ConsumeContext<FlakyWorkRequested> context)
    {
        ArgumentNullException.ThrowIfNull(context);
        attempts.Attempt(context.Message.Id);
        return Task.CompletedTask;
    }
}

public sealed class FaultedWork
{
    public ConcurrentBag<string> Ids { get; } = [];
}

public sealed class FaultedWorkConsumer(FaultedWork faults) : IConsumer<Fault<FlakyWorkRequested>>
{
    public Task Consume(ConsumeContext<Fault<FlakyWorkRequested>> context)
    {
        ArgumentNullException.ThrowIfNull(context);
        faults.Ids.Add(context.Message.Message.Id);
        return Task.CompletedTask;
    }
}
