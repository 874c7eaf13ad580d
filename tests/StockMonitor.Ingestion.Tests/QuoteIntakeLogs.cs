using StockMonitor.Testing;

namespace StockMonitor.Ingestion.Tests;

/// <summary>The entries <c>QuoteIntake</c> logs for rejected and throttled answers, among everything collected.</summary>
internal static class QuoteIntakeLogs
{
    extension(CollectingLoggerProvider logs)
    {
        /// <summary>What <c>QuoteIntake.Failed</c> logged: one entry per rejected answer or quote.</summary>
        public IReadOnlyList<LogEntry> Failures =>
            logs.Entries.Where(e => e.Category.EndsWith(".QuoteIntake", StringComparison.Ordinal) && e["Reason"] is not null && e.Message.Contains(" rejected ", StringComparison.Ordinal)).ToList();

        /// <summary>What <c>QuoteIntake.Throttled</c> logged.</summary>
        public IReadOnlyList<LogEntry> Throttles =>
            logs.Entries.Where(e => e.Category.EndsWith(".QuoteIntake", StringComparison.Ordinal) && e.Message.Contains(": throttled: ", StringComparison.Ordinal)).ToList();
    }
}
