using Marten;
using StockMonitor.Portfolio.Valuation;

namespace StockMonitor.Portfolio.Portfolios;

/// <summary>The portfolio's Marten registrations, shared by the service and the benchmark so both store the same way.</summary>
public static class PortfolioStore
{
    public static void Configure(StoreOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        // Snapshots are written by the commands themselves (PortfolioSnapshots), not by a Marten projection. The table
        // keeps its name from before the type was PortfolioState (mt_doc_portfolio): no migration.
        options.Schema.For<PortfolioState>().DocumentAlias("portfolio").Index(p => p.Owner);
        options.Schema.For<ReturnsCheckpoint>();
        options.Schema.For<WeekStartLedger>().Index(w => w.PortfolioId);
    }
}
