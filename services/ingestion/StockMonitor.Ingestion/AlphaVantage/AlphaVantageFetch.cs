using System.Diagnostics.CodeAnalysis;

namespace StockMonitor.Ingestion.AlphaVantage;

/// <summary>
/// The outcome of one HTTP call: the body of a 2xx answer, or why there is none (a
/// <see cref="Providers.FailureReason"/> and a detail for the log).
/// </summary>
public sealed record AlphaVantageFetch(byte[]? Body, string? FailureReason = null, string? Detail = null)
{
    [MemberNotNullWhen(true, nameof(Body))]
    [MemberNotNullWhen(false, nameof(FailureReason), nameof(Detail))]
    public bool Succeeded => Body is not null;
}
