namespace StockMonitor.Portfolio.OpeningPortfolios;

/// <summary>How many portfolios one owner may have (section <c>Portfolio</c>).</summary>
public sealed class PortfolioCapOptions
{
    public const string SectionName = "Portfolio";

    /// <summary>Portfolios per owner (token subject), closed ones included: they keep their history and their stream.</summary>
    public int MaxPortfoliosPerOwner { get; set; } = 100;
}
