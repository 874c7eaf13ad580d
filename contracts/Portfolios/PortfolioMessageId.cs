using System.Security.Cryptography;
using System.Text;

namespace StockMonitor.Contracts.Portfolios;

/// <summary>
/// Deterministic message ids for what the portfolio service publishes from its event log: the same event (or, for
/// <see cref="PortfolioSymbolsChanged"/>, the same portfolio version) always gets the same id, so a re-publication
/// after a crash or a retry is recognisably the same message.
/// </summary>
public static class PortfolioMessageId
{
    /// <summary>The kind of <see cref="TradeRecorded"/>.</summary>
    public const string TradeRecordedKind = "trade-recorded";

    /// <summary>The kind of <see cref="AlertRuleAdded"/>.</summary>
    public const string AlertRuleAddedKind = "alert-rule-added";

    /// <summary>The kind of <see cref="AlertRuleRemoved"/>.</summary>
    public const string AlertRuleRemovedKind = "alert-rule-removed";

    /// <summary>The kind of <see cref="PortfolioSymbolsChanged"/> (its version is the portfolio's, not one event's).</summary>
    public const string SymbolsChangedKind = "symbols-changed";

    /// <summary>
    /// A name-based UUID (version 5 layout, SHA-1) over (<paramref name="kind"/>, portfolio, stream version).
    /// <paramref name="kind"/> tells apart the messages one event gives rise to (e.g. <c>trade-recorded</c> and
    /// <c>symbols-changed</c>).
    /// </summary>
    public static Guid For(string kind, Guid portfolioId, long version)
    {
        ArgumentException.ThrowIfNullOrEmpty(kind);
        var name = Encoding.UTF8.GetBytes(FormattableString.Invariant($"{kind}/{portfolioId:N}/{version}"));
        var input = new byte[Namespace.Length + name.Length];
        Namespace.CopyTo(input, 0);
        name.CopyTo(input, Namespace.Length);
#pragma warning disable CA5350 // SHA-1 is what RFC 4122 prescribes for version-5 UUIDs; this is naming, not security.
        var hash = SHA1.HashData(input);
#pragma warning restore CA5350
        hash[6] = (byte)((hash[6] & 0x0F) | 0x50);
        hash[8] = (byte)((hash[8] & 0x3F) | 0x80);
        return new Guid(hash.AsSpan(0, 16), bigEndian: true);
    }

    // Fixed namespace so ids are stable across versions and services; not the quotes' namespace.
    private static readonly byte[] Namespace = Guid.Parse("2c7e4a55-8f0b-4d1e-a6c3-91b5d3e7f024").ToByteArray(bigEndian: true);
}
