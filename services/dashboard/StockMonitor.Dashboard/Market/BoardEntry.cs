namespace StockMonitor.Dashboard.Market;

/// <summary>A quote on the board with its JSON for the browsers, serialized once however many browsers get it.</summary>
public sealed record BoardEntry(SymbolQuote Quote, string Json);
