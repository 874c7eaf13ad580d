using StockMonitor.Contracts.Identity;

namespace StockMonitor.Contracts.Portfolios;

/// <summary>
/// Deterministic message ids for what the portfolio service publishes from its event log: the same event (or, for
/// <see cref="PortfolioSymbolsChanged"/> and <see cref="PortfolioChanged"/>, the same portfolio version) always gets
/// the same id, so a re-publication after a crash or a retry is recognisably the same message.
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

    /// <summary>The kind of <see cref="PortfolioChanged"/> (its version is the newest of the portfolio's events in a relayed page).</summary>
    public const string PortfolioChangedKind = "portfolio-changed";

    /// <summary>
    /// A name-based UUID (version 5 layout, SHA-1) over (<paramref name="kind"/>, portfolio, stream version).
    /// <paramref name="kind"/> tells apart the messages one event gives rise to (e.g. <c>trade-recorded</c> and
    /// <c>symbols-changed</c>).
    /// </summary>
    public static Guid For(string kind, Guid portfolioId, long version)
    {
        ArgumentException.ThrowIfNullOrEmpty(kind);
        return NameBasedGuid.Create(Namespace, FormattableString.Invariant($"{kind}/{portfolioId:N}/{version}"));
    }

    // Fixed namespace so ids are stable across versions and services; not the quotes' namespace.
    private static readonly Guid Namespace = Guid.Parse("2c7e4a55-8f0b-4d1e-a6c3-91b5d3e7f024");
}
