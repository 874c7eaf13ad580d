namespace StockMonitor.Dashboard;

/// <summary>Settings of the dashboard (section <c>Dashboard</c>); the defaults run against the local dev stack.</summary>
public sealed class DashboardOptions
{
    public const string SectionName = "Dashboard";

    /// <summary>The pricing service's read API (default <c>STOCKMONITOR_PRICING_URL</c>, else the local one).</summary>
    public Uri PricingUrl { get; set; } = new("http://127.0.0.1:18082");

    /// <summary>The portfolio API, called with the signed-in user's own token (default <c>STOCKMONITOR_PORTFOLIO_URL</c>).</summary>
    public Uri PortfolioUrl { get; set; } = new("http://127.0.0.1:18081");

    /// <summary>Least time between two updates of one symbol to one browser: a fast feed is coalesced to the newest value.</summary>
    public TimeSpan QuoteInterval { get; set; } = TimeSpan.FromMilliseconds(200);

    /// <summary>Least time between two refreshes of a portfolio for one browser while its prices move (a recorded change refreshes at once).</summary>
    public TimeSpan PortfolioInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How often a browser's portfolio data is read again even when nothing announced a change (a lost message heals by then).</summary>
    public TimeSpan ResyncInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>A stream with nothing to send says so this often, so the page can tell a quiet market from a dead connection.</summary>
    public TimeSpan HeartbeatInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How much of the day the market page's sparklines show, and the width of one of their points.</summary>
    public TimeSpan SparklineWindow { get; set; } = TimeSpan.FromHours(6.5);

    public TimeSpan SparklineStep { get; set; } = TimeSpan.FromMinutes(5);
}
