namespace StockMonitor.Ingestion.AlphaVantage;

/// <summary>What an Alpha Vantage answer turned out to be.</summary>
public enum AlphaVantageResponseKind
{
    /// <summary>Quotes (possibly none, for a bulk call); see also the per-item problems.</summary>
    Quotes,

    /// <summary><c>{"Note": ...}</c> or <c>{"Information": ...}</c>: slow down.</summary>
    Throttled,

    /// <summary><c>{"Error Message": ...}</c>: the call was refused (for one symbol: it is unknown).</summary>
    ErrorMessage,

    /// <summary><c>{"Global Quote": {}}</c>: the symbol is unknown.</summary>
    NoQuote,

    /// <summary>Not JSON, or not the documented shape.</summary>
    Malformed,
}
