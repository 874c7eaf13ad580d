using Microsoft.Extensions.Logging;

namespace StockMonitor.Testing;

/// <summary>A log line as written, with the structured values of its template.</summary>
public sealed record LogEntry(string Category, LogLevel Level, string Message, IReadOnlyDictionary<string, string?> Values)
{
    public string? this[string name] => Values.GetValueOrDefault(name);
}
