using System.Buffers;
using System.Text.Json;

namespace StockMonitor.Ingestion.Finnhub;

/// <summary>What the client sends on the trade stream.</summary>
public static class FinnhubCommands
{
    private static readonly ReadOnlyMemory<byte> PongMessage = "{\"type\":\"pong\"}"u8.ToArray();

    /// <summary><c>{"type":"pong"}</c>, the answer to a ping.</summary>
    public static ReadOnlyMemory<byte> Pong => PongMessage;

    /// <summary><c>{"type":"subscribe","symbol":"AAPL"}</c>.</summary>
    public static ReadOnlyMemory<byte> Subscribe(string symbol) => Command("subscribe", symbol);

    /// <summary><c>{"type":"unsubscribe","symbol":"AAPL"}</c>.</summary>
    public static ReadOnlyMemory<byte> Unsubscribe(string symbol) => Command("unsubscribe", symbol);

    private static ReadOnlyMemory<byte> Command(string type, string symbol)
    {
        var buffer = new ArrayBufferWriter<byte>(64);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("type", type);
            writer.WriteString("symbol", symbol);
            writer.WriteEndObject();
        }

        return buffer.WrittenMemory;
    }
}
