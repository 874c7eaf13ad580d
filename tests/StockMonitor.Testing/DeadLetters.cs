using System.Text;
using RabbitMQ.Client;

namespace StockMonitor.Testing;

/// <summary>A message MassTransit moved to an endpoint's error queue, with the reason it recorded in its headers.</summary>
public sealed record DeadLetter(string Body, string? ExceptionType, string? Reason)
{
    /// <summary>Takes every message now in <c>{queue}_error</c> on the broker (they are removed).</summary>
    public static async Task<IReadOnlyList<DeadLetter>> TakeAllAsync(Uri rabbitMq, string queue)
    {
        var factory = new ConnectionFactory { Uri = rabbitMq };
        await using var connection = await factory.CreateConnectionAsync();
        await using var channel = await connection.CreateChannelAsync();
        var letters = new List<DeadLetter>();
        while (await channel.BasicGetAsync(queue + "_error", autoAck: true) is { } message)
        {
            var headers = message.BasicProperties.Headers ?? new Dictionary<string, object?>();
            letters.Add(new DeadLetter(Encoding.UTF8.GetString(message.Body.Span), Header(headers, "MT-Fault-ExceptionType"), Header(headers, "MT-Fault-Message")));
        }

        return letters;
    }

    private static string? Header(IDictionary<string, object?> headers, string name) => headers.TryGetValue(name, out var value) ? value switch
    {
        byte[] bytes => Encoding.UTF8.GetString(bytes),
        null => null,
        _ => value.ToString(),
    } : null;
}
