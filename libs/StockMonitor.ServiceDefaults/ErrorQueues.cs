using System.Text;
using RabbitMQ.Client;
using RabbitMQ.Client.Exceptions;

namespace StockMonitor.ServiceDefaults;

/// <summary>A message MassTransit moved to an <c>_error</c> queue, with the fault headers it added.</summary>
public sealed record FaultedMessage(string? MessageId, string? MessageType, string? ExceptionType, string? Reason, string? FaultedAt, int BodyBytes);

/// <summary>
/// The <c>_error</c> queues MassTransit fills with what a consumer could not handle after its retries (one per receive
/// endpoint, <c>QUEUE_error</c>), over plain AMQP so that it works on any RabbitMQ (no management plugin needed):
/// their depth, the faulted messages with their reasons, and re-queueing them to the queue they came from.
/// </summary>
public sealed class ErrorQueues(Uri broker) : IAsyncDisposable
{
    public const string Suffix = "_error";

    private IConnection? connection;

    /// <summary>The error queue of <paramref name="queue"/> (itself if it is one already).</summary>
    public static string ErrorQueueOf(string queue)
    {
        ArgumentException.ThrowIfNullOrEmpty(queue);
        return queue.EndsWith(Suffix, StringComparison.Ordinal) ? queue : queue + Suffix;
    }

    /// <summary>The queue the messages of <paramref name="errorQueue"/> came from.</summary>
    public static string OriginalQueueOf(string errorQueue) => ErrorQueueOf(errorQueue)[..^Suffix.Length];

    /// <summary>Messages waiting in <paramref name="queue"/>; null when it does not exist (nothing has faulted there yet).</summary>
    public async Task<uint?> DepthAsync(string queue, CancellationToken cancellationToken = default)
    {
        await using var channel = await ChannelAsync(confirms: false, cancellationToken);
        try
        {
            return (await channel.QueueDeclarePassiveAsync(queue, cancellationToken)).MessageCount;
        }
        catch (OperationInterruptedException ex) when (ex.ShutdownReason?.ReplyCode == 404)
        {
            return null;
        }
    }

    /// <summary>
    /// Up to <paramref name="limit"/> messages of <paramref name="errorQueue"/>, oldest first, left where they are: they are
    /// taken without acknowledgement and go back in their places when the channel closes.
    /// </summary>
    public async Task<IReadOnlyList<FaultedMessage>> ListAsync(string errorQueue, int limit = 100, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit);
        var messages = new List<FaultedMessage>();
        if (await DepthAsync(errorQueue, cancellationToken) is not { } depth)
        {
            return messages;
        }

        await using var channel = await ChannelAsync(confirms: false, cancellationToken);
        for (var i = 0; i < Math.Min(depth, limit); i++)
        {
            if (await channel.BasicGetAsync(errorQueue, autoAck: false, cancellationToken) is not { } got)
            {
                break;
            }

            var headers = got.BasicProperties.Headers;
            messages.Add(new FaultedMessage(
                got.BasicProperties.MessageId,
                Header(headers, "MT-Fault-MessageType") ?? got.BasicProperties.Type,
                Header(headers, "MT-Fault-ExceptionType"),
                Header(headers, "MT-Fault-Message") ?? Header(headers, "MT-Reason"),
                Header(headers, "MT-Fault-Timestamp"),
                got.Body.Length));
        }

        await channel.CloseAsync(cancellationToken);
        return messages;
    }

    /// <summary>
    /// Moves the messages in <paramref name="errorQueue"/> now back to the queue they came from, without their fault headers,
    /// each acknowledged only once the broker confirmed its copy (a crash between the two leaves a duplicate, never a loss:
    /// consumers are idempotent). Returns how many moved. Fails, moving nothing, when the original queue does not exist
    /// (a per-instance queue that went away with its instance).
    /// </summary>
    public async Task<int> RequeueAsync(string errorQueue, CancellationToken cancellationToken = default)
    {
        errorQueue = ErrorQueueOf(errorQueue);
        var original = OriginalQueueOf(errorQueue);
        if (await DepthAsync(original, cancellationToken) is null)
        {
            throw new InvalidOperationException($"The queue {original} does not exist (any more): nothing re-queued from {errorQueue}.");
        }

        if (await DepthAsync(errorQueue, cancellationToken) is not { } depth)
        {
            return 0;
        }

        await using var channel = await ChannelAsync(confirms: true, cancellationToken);
        var moved = 0;
        while (moved < depth && await channel.BasicGetAsync(errorQueue, autoAck: false, cancellationToken) is { } got)
        {
            var properties = new BasicProperties(got.BasicProperties);
            if (properties.Headers is { } headers)
            {
                properties.Headers = headers
                    .Where(h => !h.Key.StartsWith("MT-Fault-", StringComparison.Ordinal) && !h.Key.StartsWith("MT-Host-", StringComparison.Ordinal) && h.Key != "MT-Reason")
                    .ToDictionary(h => h.Key, h => h.Value);
            }

            await channel.BasicPublishAsync(string.Empty, original, mandatory: true, properties, got.Body, cancellationToken);
            await channel.BasicAckAsync(got.DeliveryTag, multiple: false, cancellationToken);
            moved++;
        }

        return moved;
    }

    public async ValueTask DisposeAsync()
    {
        if (connection is not null)
        {
            await connection.DisposeAsync();
        }
    }

    private static string? Header(IDictionary<string, object?>? headers, string key) =>
        headers is not null && headers.TryGetValue(key, out var value)
            ? value switch
            {
                byte[] bytes => Encoding.UTF8.GetString(bytes),
                null => null,
                _ => Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture),
            }
            : null;

    private async Task<IChannel> ChannelAsync(bool confirms, CancellationToken cancellationToken)
    {
        connection ??= await new ConnectionFactory { Uri = broker, ClientProvidedName = "stockmonitor-error-queues" }.CreateConnectionAsync(cancellationToken);
        return await connection.CreateChannelAsync(new CreateChannelOptions(publisherConfirmationsEnabled: confirms, publisherConfirmationTrackingEnabled: confirms), cancellationToken);
    }
}
