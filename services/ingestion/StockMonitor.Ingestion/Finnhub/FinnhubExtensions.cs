using StockMonitor.Ingestion.Providers;

namespace StockMonitor.Ingestion.Finnhub;

public static class FinnhubExtensions
{
    /// <summary>Registers the Finnhub provider; it runs when <c>FINNHUB_API_KEY</c> is set.</summary>
    public static void AddFinnhub(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddOptions<FinnhubOptions>().BindConfiguration(FinnhubOptions.SectionName)
            .Configure<IConfiguration>((o, configuration) =>
            {
                // The variables win over the section.
                o.ApiKey = Value(configuration, FinnhubOptions.ApiKeyVariable) ?? o.ApiKey;
                o.WebSocketUrl = Url(configuration, FinnhubOptions.WebSocketUrlVariable) ?? o.WebSocketUrl;
                o.RestUrl = Url(configuration, FinnhubOptions.RestUrlVariable) ?? o.RestUrl;
            })
            .Validate(
                o => o.WebSocketUrl is { IsAbsoluteUri: true, Scheme: "ws" or "wss" },
                $"{FinnhubOptions.WebSocketUrlVariable} (Finnhub:WebSocketUrl) must be an absolute ws:// or wss:// URL")
            .Validate(
                o => o.RestUrl is { IsAbsoluteUri: true, Scheme: "http" or "https" },
                $"{FinnhubOptions.RestUrlVariable} (Finnhub:RestUrl) must be an absolute http:// or https:// URL")
            .Validate(
                o => o.ReconnectInitialDelay > TimeSpan.Zero && o.ReconnectMaxDelay >= o.ReconnectInitialDelay,
                "Finnhub:ReconnectInitialDelay must be positive and Finnhub:ReconnectMaxDelay at least as long")
            .Validate(
                o => o.ConnectTimeout > TimeSpan.Zero && o.RestTimeout > TimeSpan.Zero,
                "Finnhub:ConnectTimeout and Finnhub:RestTimeout must be positive")
            .Validate(
                o => o.RestRequestInterval >= TimeSpan.Zero && o.RestRetryDelay > TimeSpan.Zero,
                "Finnhub:RestRequestInterval must not be negative and Finnhub:RestRetryDelay must be positive")
            .ValidateOnStart();

        builder.Services.AddHttpClient(FinnhubReferenceClient.HttpClientName, client =>
        {
            // FinnhubOptions.RestTimeout bounds each request (on the injected TimeProvider).
            client.Timeout = Timeout.InfiniteTimeSpan;
            client.MaxResponseContentBufferSize = 64 * 1024;
        });
        builder.Services.AddSingleton<FinnhubReferenceClient>();
        builder.Services.AddSingleton<FinnhubReferenceBook>();
        builder.Services.AddSingleton<FinnhubReferenceFetcher>();
        builder.Services.AddSingleton<FinnhubQuoteBuilder>();
        builder.Services.AddSingleton<IQuoteProvider, FinnhubProvider>();
    }

    private static string? Value(IConfiguration configuration, string key) =>
        configuration[key] is { } value && !string.IsNullOrWhiteSpace(value) ? value.Trim() : null;

    private static Uri? Url(IConfiguration configuration, string key) =>
        Value(configuration, key) is { } value
            ? Uri.TryCreate(value, UriKind.Absolute, out var url) ? url : throw new InvalidOperationException($"{key} is not an absolute URL.")
            : null;
}
