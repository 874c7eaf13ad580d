using Microsoft.Extensions.Logging;

namespace StockMonitor.Ingestion.Tests.Finnhub;

/// <summary>One log line the service wrote, with its structured values.</summary>
internal sealed record LogEntry(string Category, LogLevel Level, string Message, IReadOnlyDictionary<string, string?> Values)
{
    public string? this[string name] => Values.GetValueOrDefault(name);
}
