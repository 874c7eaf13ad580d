using MassTransit;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using StockMonitor.Portfolio.Portfolios;
using StockMonitor.Portfolio.Relay;
using StockMonitor.Portfolio.Portfolios.Events;

namespace StockMonitor.Portfolio.Tests.Relay;

/// <summary>What the relay asks the event store for.</summary>
public class BusRelaySubscriptionTests
{
    [Fact]
    public void Relay_subscribes_to_every_event_a_portfolio_applies()
    {
        // Every event type of a portfolio stream (PortfolioState.After folds them all, PortfolioState.Start the opening).
        var applied = typeof(PortfolioOpened).Assembly.GetTypes()
            .Where(t => t.Namespace == typeof(PortfolioOpened).Namespace && t.IsPublic)
            .Select(t => t.Name)
            .Order(StringComparer.Ordinal);
        // Never started: the relay only needs a bus to be constructed.
        var bus = Bus.Factory.CreateUsingInMemory(_ => { });

        using var states = new PortfolioStateCache(Options.Create(new SnapshotOptions()));
        var relay = new BusRelay(bus, Options.Create(new RelayOptions()), states, TimeProvider.System, NullLogger<BusRelay>.Instance);

        Assert.Equal(applied, relay.IncludedEventTypes.Select(t => t.Name).Order(StringComparer.Ordinal));
    }
}
