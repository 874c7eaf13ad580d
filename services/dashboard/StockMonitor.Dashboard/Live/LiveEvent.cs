using StockMonitor.Dashboard.Market;

namespace StockMonitor.Dashboard.Live;

/// <summary>One Server-Sent Event: its type and its data, a JSON document on one line.</summary>
/// <param name="Quotes">For a <c>quotes</c> event, the prices it carries (to measure how long they waited).</param>
public sealed record LiveEvent(string Name, string Data, IReadOnlyList<SymbolQuote>? Quotes = null);
