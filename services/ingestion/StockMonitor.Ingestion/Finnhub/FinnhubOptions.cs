namespace StockMonitor.Ingestion.Finnhub;

/// <summary>
/// Settings of the Finnhub streaming provider (section <c>Finnhub</c>). The variables of the issue,
/// <c>FINNHUB_API_KEY</c>, <c>FINNHUB_WS_URL</c> and <c>FINNHUB_REST_URL</c>, win over the section when set;
/// <c>FINNHUB_API_KEY</c> is also what turns the provider on.
/// </summary>
public sealed class FinnhubOptions
{
    public const string SectionName = "Finnhub";
    public const string ApiKeyVariable = "FINNHUB_API_KEY";
    public const string WebSocketUrlVariable = "FINNHUB_WS_URL";
    public const string RestUrlVariable = "FINNHUB_REST_URL";

    /// <summary>The API key; sent as <c>?token=</c> on the WebSocket and as a header to REST. Never logged.</summary>
    public string? ApiKey { get; set; }

    /// <summary>Trade stream endpoint; <c>?token=KEY</c> is appended.</summary>
    public Uri WebSocketUrl { get; set; } = new("wss://ws.finnhub.io");

    /// <summary>REST base address; the previous close comes from <c>{RestUrl}/quote?symbol=X</c>.</summary>
    public Uri RestUrl { get; set; } = new("https://finnhub.io/api/v1");

    /// <summary>First wait before reconnecting; doubles (with jitter) per failed attempt up to <see cref="ReconnectMaxDelay"/>.</summary>
    public TimeSpan ReconnectInitialDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// Longest wait before reconnecting. A connection that stayed up at least this long counts as healthy and
    /// resets the backoff; one that drops sooner keeps it growing, so a server that accepts and drops at once
    /// is not hammered.
    /// </summary>
    public TimeSpan ReconnectMaxDelay { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>How long the WebSocket handshake may take.</summary>
    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How long a REST request (previous close) may take.</summary>
    public TimeSpan RestTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Gap between two REST requests: the free tier allows about 60 a minute.</summary>
    public TimeSpan RestRequestInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Wait before asking again for a symbol whose previous close could not be fetched, or after being throttled.</summary>
    public TimeSpan RestRetryDelay { get; set; } = TimeSpan.FromMinutes(5);
}
