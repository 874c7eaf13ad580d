using JasperFx.Events;
using Marten;
using StockMonitor.Contracts.Portfolios;

namespace StockMonitor.Portfolio.Tests.Relay;

/// <summary>Every command, whatever else it publishes, is followed by a <see cref="PortfolioChanged"/> at its version.</summary>
public sealed class PortfolioChangedTests(RelayHost host) : IClassFixture<RelayHost>
{
    private static readonly DateTimeOffset At = new(2026, 1, 6, 15, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task When_cash_is_deposited_then_PortfolioChanged_alone_is_published_at_the_deposits_version()
    {
        var id = await host.Api.OpenAsync();
        await Published.WaitForAsync<PortfolioChanged>(host.Bus, c => c.PortfolioId == id && c.Version == 1, "the change of the opening");

        var deposited = await host.Api.DepositAsync(id, 2_500m, At);

        var (changed, messageId) = Assert.Single(await Published.WaitForAsync<PortfolioChanged>(host.Bus, c => c.PortfolioId == id && c.Version == deposited, "the change of the deposit"));
        Assert.Equal(PortfolioMessageId.For(PortfolioMessageId.PortfolioChangedKind, id, deposited), messageId);
        Assert.Equal((await EventAsync(id, deposited)).Timestamp, changed.ChangedAt);
        Assert.DoesNotContain(host.Bus.Received<PortfolioSymbolsChanged>(), s => s.PortfolioId == id && s.Version >= deposited);
        Assert.DoesNotContain(host.Bus.Received<TradeRecorded>(), t => t.PortfolioId == id);
        Assert.DoesNotContain(host.Bus.Received<AlertRuleAdded>(), r => r.PortfolioId == id);
    }

    [Fact]
    public async Task When_cash_fees_dividends_and_renames_are_recorded_then_each_is_followed_by_PortfolioChanged()
    {
        var id = await host.Api.OpenAsync();
        await host.Api.DepositAsync(id, 10_000m, At);
        await host.Api.TradeAsync(id, "buy", "KO", 10m, 60m, 0m, At.AddHours(1));
        var commands = new (string What, Func<Task<long>> Run)[]
        {
            ("a withdrawal", () => host.Api.WithdrawAsync(id, 100m, At.AddHours(2))),
            ("a fee", () => host.Api.ChargeFeeAsync(id, 5m, At.AddHours(3))),
            ("a dividend", () => host.Api.DividendAsync(id, "KO", 4.6m, At.AddHours(4))),
            ("a rename", () => host.Api.RenameAsync(id, "Renamed")),
        };

        foreach (var (what, run) in commands)
        {
            var version = await run();

            var (_, messageId) = Assert.Single(await Published.WaitForAsync<PortfolioChanged>(host.Bus, c => c.PortfolioId == id && c.Version == version, $"the change of {what}"));
            Assert.Equal(PortfolioMessageId.For(PortfolioMessageId.PortfolioChangedKind, id, version), messageId);
        }
    }

    private async Task<IEvent> EventAsync(Guid id, long version)
    {
        await using var session = host.Store.QuerySession();
        return (await session.Events.FetchStreamAsync(id)).Single(e => e.Version == version);
    }
}
