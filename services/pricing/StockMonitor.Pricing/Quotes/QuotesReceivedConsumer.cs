using MassTransit;
using StockMonitor.Contracts.Quotes;

namespace StockMonitor.Pricing.Quotes;

/// <summary>
/// Hands each quote of a run to the <see cref="QuoteRecorder"/> and acknowledges the message once all of them are
/// recorded. A quote that can never be recorded goes to the error queue alone (as a run of one, with its reason in
/// the headers MassTransit uses for faults); the rest of its run is recorded. Any other failure (the service stopping)
/// leaves the whole message to be delivered again, which is safe: recording a quote twice changes nothing.
/// </summary>
public sealed partial class QuotesReceivedConsumer(QuoteRecorder recorder, PricingMetrics metrics, ILogger<QuotesReceivedConsumer> logger) : IConsumer<QuotesReceived>
{
    public async Task Consume(ConsumeContext<QuotesReceived> context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.Message.Quotes is not { } quotes)
        {
            throw new PoisonQuoteException("the message has no quotes");
        }

        var recording = quotes.Select(q => Record(q, context.CancellationToken)).ToList();
        await Task.WhenAll(recording).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        if (recording.Select(t => t.Exception?.InnerException).FirstOrDefault(e => e is not null and not PoisonQuoteException) is { } failure)
        {
            throw failure;
        }

        for (var i = 0; i < quotes.Count; i++)
        {
            if (recording[i].Exception?.InnerException is PoisonQuoteException poison)
            {
                await DeadLetterAsync(context, quotes[i], poison);
            }
        }
    }

    private Task Record(QuoteReceived quote, CancellationToken cancellationToken)
    {
        try
        {
            return recorder.RecordAsync(quote, cancellationToken);
        }
        catch (Exception ex)
        {
            return Task.FromException(ex);
        }
    }

    /// <summary>Sends <paramref name="quote"/> alone to the endpoint's error queue, with the reason MassTransit would record for a fault.</summary>
    private async Task DeadLetterAsync(ConsumeContext<QuotesReceived> context, QuoteReceived quote, PoisonQuoteException poison)
    {
        var queue = context.ReceiveContext.InputAddress.AbsolutePath.Split('/', StringSplitOptions.RemoveEmptyEntries)[^1];
        var errors = await context.GetSendEndpoint(new Uri($"queue:{queue}_error"));
        await errors.Send(
            new QuotesReceived([quote]),
            send =>
            {
                send.MessageId = QuotesReceived.IdFor([quote]);
                send.Headers.Set(MessageHeaders.Reason, "fault");
                send.Headers.Set(MessageHeaders.FaultExceptionType, typeof(PoisonQuoteException).FullName);
                send.Headers.Set(MessageHeaders.FaultMessage, poison.Message);
                send.Headers.Set(MessageHeaders.FaultTimestamp, DateTime.UtcNow.ToString("O", System.Globalization.CultureInfo.InvariantCulture));
                send.Headers.Set(MessageHeaders.FaultInputAddress, context.ReceiveContext.InputAddress.ToString());
            },
            context.CancellationToken);
        metrics.QuoteDeadLettered();
        LogDeadLettered(quote.Quote?.Symbol, quote.ShardId, quote.SequenceNumber, queue + "_error", poison.Message);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Quote {Symbol} {ShardId}/{SequenceNumber} went to {Queue} alone: {Reason}")]
    private partial void LogDeadLettered(string? symbol, string? shardId, string? sequenceNumber, string queue, string reason);
}
