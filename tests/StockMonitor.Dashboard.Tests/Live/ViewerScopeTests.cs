using StockMonitor.Dashboard.Live;

namespace StockMonitor.Dashboard.Tests.Live;

public sealed class ViewerScopeTests
{
    [Fact]
    public void Parse_star_follows_every_symbol()
    {
        var (scope, errors) = ViewerScope.Parse("*", null, null);

        Assert.Empty(errors);
        Assert.True(scope!.Wants("ANY.THING"));
    }

    [Fact]
    public void Parse_a_list_follows_those_symbols_in_upper_case()
    {
        var (scope, _) = ViewerScope.Parse("aapl, brk.b", null, null);

        Assert.True(scope!.Wants("AAPL"));
        Assert.True(scope.Wants("BRK.B"));
        Assert.False(scope.Wants("MSFT"));
    }

    [Fact]
    public void Parse_nothing_follows_no_symbol()
    {
        var (scope, _) = ViewerScope.Parse(null, null, null);

        Assert.False(scope!.Wants("AAPL"));
    }

    [Theory]
    [InlineData("AAPL,not a symbol", null, "symbols")]
    [InlineData("TOOLONGSYMBOL1", null, "symbols")]
    [InlineData("AAPL", "not-a-guid", "portfolio")]
    public void Parse_names_the_parameter_that_is_wrong(string symbols, string? portfolio, string parameter)
    {
        var (scope, errors) = ViewerScope.Parse(symbols, portfolio, null);

        Assert.Null(scope);
        Assert.Equal([parameter], errors.Keys);
    }

    [Fact]
    public void Parse_refuses_more_than_200_symbols()
    {
        var many = string.Join(',', Enumerable.Range(0, 201).Select(i => $"S{i}"));

        var (scope, errors) = ViewerScope.Parse(many, null, null);

        Assert.Null(scope);
        Assert.Contains("symbols", errors.Keys);
    }

    [Fact]
    public void Parse_reads_the_portfolio_and_the_list()
    {
        var id = Guid.NewGuid();

        var (scope, _) = ViewerScope.Parse(null, id.ToString(), true);

        Assert.Equal(id, scope!.Portfolio);
        Assert.True(scope.PortfolioList);
    }
}
