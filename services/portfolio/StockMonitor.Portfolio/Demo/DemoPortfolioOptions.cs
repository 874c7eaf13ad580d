namespace StockMonitor.Portfolio.Demo;

/// <summary>
/// The demo portfolio <c>./stockmonitor up</c> asks for (<c>Demo__Seed=true</c>): owned by the demo subject, with a
/// fixed id so the README can link it.
/// </summary>
public sealed class DemoPortfolioOptions
{
    public const string Section = "Demo";

    public static readonly Guid PortfolioId = Guid.Parse("00000000-0000-4000-8000-00000000de70");

    public bool Seed { get; set; }

    /// <summary>How long to wait for live prices of the demo symbols before buying at what is known.</summary>
    public TimeSpan PriceWait { get; set; } = TimeSpan.FromSeconds(60);
}
