namespace StockMonitor.Ingestion.Providers;

/// <summary>Why a provider's answer produced no quote; the <c>reason</c> tag of the failure counter.</summary>
public static class FailureReason
{
    public const string MalformedResponse = "malformed-response";
    public const string HttpError = "http-error";
    public const string Timeout = "timeout";
    public const string Unreachable = "unreachable";
    public const string UnknownSymbol = "unknown-symbol";
    public const string EmptyQuote = "empty-quote";
    public const string InvalidQuote = "invalid-quote";
    public const string ProviderError = "provider-error";

    /// <summary>The source refused a request the key's plan does not cover (e.g. a premium endpoint).</summary>
    public const string NotEntitled = "not-entitled";

    /// <summary>A streaming connection ended: closed by the server or lost.</summary>
    public const string ConnectionLost = "connection-lost";
}
