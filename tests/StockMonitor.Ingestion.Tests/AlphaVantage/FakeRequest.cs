namespace StockMonitor.Ingestion.Tests.AlphaVantage;

/// <summary>A call the fake Alpha Vantage received: path, function, symbols (comma-separated in the query), key, arrival order.</summary>
public sealed record FakeRequest(string Path, string Function, IReadOnlyList<string> Symbols, string? ApiKey, int Sequence);
