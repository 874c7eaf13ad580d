namespace StockMonitor.Ingestion.AlphaVantage;

/// <summary>What an Alpha Vantage answer turned out to be.</summary>
public enum AlphaVantageResponseKind
{
    /// <summary>Quotes (possibly none, for a bulk call); see also the per-item problems.</summary>
    Quotes,

    /// <summary>A <c>Note</c> or <c>Information</c> notice about call frequency or a request limit: slow down.</summary>
    Throttled,

    /// <summary>
    /// A notice that the key's plan does not include the function ("This is a premium endpoint…"), or a bulk answer whose
    /// <c>message</c> says so: asking again soon will not help.
    /// </summary>
    NotEntitled,

    /// <summary>Any other <c>Note</c> or <c>Information</c> notice, in place of the data.</summary>
    Notice,

    /// <summary><c>{"Error Message": ...}</c>: the call was refused (for one symbol: it is unknown).</summary>
    ErrorMessage,

    /// <summary><c>{"Global Quote": {}}</c>: the symbol is unknown.</summary>
    NoQuote,

    /// <summary>Not JSON, or not the documented shape.</summary>
    Malformed,
}
