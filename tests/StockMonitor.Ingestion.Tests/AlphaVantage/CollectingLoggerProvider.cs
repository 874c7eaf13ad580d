using System.Collections.Concurrent;
using System.Globalization;
using Microsoft.Extensions.Logging;

namespace StockMonitor.Ingestion.Tests.AlphaVantage;

/// <summary>Keeps every log entry (all levels) for assertions; entries survive the host's disposal.</summary>
public sealed class CollectingLoggerProvider : ILoggerProvider
{
    private readonly ConcurrentQueue<LogEntry> entries = new();

    public IReadOnlyList<LogEntry> Entries => [.. entries];

    /// <summary>What <c>QuoteIntake.Failed</c> logged: one entry per rejected answer or quote.</summary>
    public IReadOnlyList<LogEntry> Failures => Entries.Where(e => e.Category.EndsWith(".QuoteIntake", StringComparison.Ordinal) && e["Reason"] is not null && e.Message.Contains(" rejected ", StringComparison.Ordinal)).ToList();

    /// <summary>What <c>QuoteIntake.Throttled</c> logged.</summary>
    public IReadOnlyList<LogEntry> Throttles => Entries.Where(e => e.Category.EndsWith(".QuoteIntake", StringComparison.Ordinal) && e.Message.Contains(": throttled: ", StringComparison.Ordinal)).ToList();

    public ILogger CreateLogger(string categoryName) => new Logger(categoryName, entries);

    public void Dispose()
    {
    }

    private sealed class Logger(string category, ConcurrentQueue<LogEntry> entries) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var values = state is IReadOnlyList<KeyValuePair<string, object?>> pairs
                ? pairs.GroupBy(p => p.Key).ToDictionary(g => g.Key, g => Convert.ToString(g.Last().Value, CultureInfo.InvariantCulture))
                : [];
            entries.Enqueue(new LogEntry(category, logLevel, formatter(state, exception), values));
        }
    }
}
