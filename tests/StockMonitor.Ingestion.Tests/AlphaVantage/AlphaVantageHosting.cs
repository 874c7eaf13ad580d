using StockMonitor.Ingestion.AlphaVantage;

namespace StockMonitor.Ingestion.Tests.AlphaVantage;

/// <summary>The ingestion service with Alpha Vantage as its provider.</summary>
internal static class AlphaVantageHosting
{
    extension(IngestionHost)
    {
        /// <summary>
        /// Starts the service polling <paramref name="baseUrl"/> for <paramref name="symbols"/> (a key turns the simulator
        /// off), logging at Debug (HTTP at Trace); <paramref name="settings"/> come last and win.
        /// </summary>
        public static Task<IngestionHost> StartWithAlphaVantageAsync(Uri baseUrl, string apiKey, IEnumerable<string> symbols, IReadOnlyDictionary<string, string> settings)
        {
            var all = new Dictionary<string, string>
            {
                [AlphaVantageOptions.ApiKeyVariable] = apiKey,
                [AlphaVantageOptions.BaseUrlVariable] = baseUrl.ToString(),
                ["STOCKMONITOR_SYMBOLS"] = string.Join(',', symbols),
                ["Logging:LogLevel:StockMonitor"] = "Debug",
                ["Logging:LogLevel:System.Net.Http"] = "Trace",
                ["Logging:LogLevel:System.Net.Http.HttpClient"] = "Trace",
            };
            foreach (var (key, value) in settings)
            {
                all[key] = value;
            }

            return IngestionHost.StartAsync(AlphaVantagePoller.ProviderName, "av", all);
        }
    }
}
