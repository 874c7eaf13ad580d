using Microsoft.Extensions.Options;
using StockMonitor.Ingestion.Symbols;

namespace StockMonitor.Ingestion.Tests.Symbols;

public class SymbolUniverseTests
{
    private static readonly Guid First = Guid.Parse("00000000-0000-0000-0000-000000000001");
    private static readonly Guid Second = Guid.Parse("00000000-0000-0000-0000-000000000002");

    [Fact]
    public void Symbols_are_the_configured_ones_united_with_every_portfolios()
    {
        var universe = Universe("AAPL", "MSFT");

        universe.Apply(First, ["MSFT", "TSLA"], version: 3);
        universe.Apply(Second, ["BRK.B"], version: 1);

        Assert.Equal(["AAPL", "BRK.B", "MSFT", "TSLA"], universe.Symbols);
    }

    [Fact]
    public void An_older_version_is_ignored_and_a_newer_one_replaces_the_portfolios_set()
    {
        var universe = Universe("AAPL");
        universe.Apply(First, ["TSLA", "NVDA"], version: 5);

        var older = universe.Apply(First, ["OLD"], version: 4);
        var newer = universe.Apply(First, ["NVDA"], version: 6);

        Assert.False(older);
        Assert.True(newer);
        Assert.Equal(["AAPL", "NVDA"], universe.Symbols);
    }

    [Fact]
    public async Task WaitForChangeAsync_completes_on_a_change_and_not_on_a_no_op()
    {
        var universe = Universe("AAPL");
        var wait = universe.WaitForChangeAsync(CancellationToken.None);

        universe.Apply(First, ["AAPL"], version: 1);
        var afterNoOp = wait.IsCompleted;
        universe.Apply(First, ["AAPL", "META"], version: 2);

        Assert.False(afterNoOp);
        await wait;
        Assert.Contains("META", universe.Symbols);
    }

    private static SymbolUniverse Universe(params string[] configured) => new(Options.Create(new SymbolOptions { Symbols = configured }));
}
