using StockMonitor.Ingestion.Finnhub;
using StockMonitor.Testing;

namespace StockMonitor.Ingestion.Tests.Finnhub;

/// <summary>The ingestion service with Finnhub as its provider.</summary>
internal static class FinnhubHosting
{
    extension(IngestionHost host)
    {
        /// <summary>
        /// Starts the service streaming <paramref name="symbols"/> from <paramref name="server"/> (arranged beforehand: the
        /// provider asks for previous closes as soon as it starts; the key turns the simulator off), on a one-shard stream
        /// and with short reconnect delays and REST timeouts.
        /// </summary>
        public static Task<IngestionHost> StartWithFinnhubAsync(FakeFinnhubServer server, string symbols) =>
            IngestionHost.StartAsync(
                FinnhubProvider.Source,
                "fh",
                new Dictionary<string, string>
                {
                    ["STOCKMONITOR_SYMBOLS"] = symbols,
                    [FinnhubOptions.ApiKeyVariable] = FakeFinnhubServer.ApiKey,
                    [FinnhubOptions.WebSocketUrlVariable] = server.WebSocketUrl.ToString(),
                    [FinnhubOptions.RestUrlVariable] = server.RestUrl.ToString(),
                    ["Finnhub:ReconnectInitialDelay"] = "00:00:00.050",
                    ["Finnhub:ReconnectMaxDelay"] = "00:00:00.400",
                    ["Finnhub:RestRequestInterval"] = "00:00:00.010",
                    ["Finnhub:RestTimeout"] = "00:00:01",
                },
                shards: 1);

        /// <summary>Waits until the previous close of each of <paramref name="symbols"/> is loaded.</summary>
        public Task WaitForReferencesAsync(params string[] symbols) =>
            Eventually.HoldsAsync(
                () => Task.FromResult(symbols.All(s => host.Logs.Entries.Any(e => e.Category.EndsWith(".FinnhubReferenceFetcher", StringComparison.Ordinal) && e["Symbol"] == s))),
                $"previous closes of {string.Join(", ", symbols)}");
    }
}
