using JasperFx.Events;
using JasperFx.Events.Daemon;
using JasperFx.Events.Projections;
using Marten;
using Marten.Subscriptions;
using MassTransit;
using StockMonitor.Portfolio.Portfolios.Events;
using StockMonitor.Portfolio.Portfolios;

namespace StockMonitor.Portfolio.Relay;

/// <summary>
/// Publishes what happened to portfolios on the bus, reading the event log as its outbox. Marten's async daemon
/// hands it the events in store order a page at a time and records how far it got (<c>mt_event_progression</c>)
/// in one transaction after the page: a crash or a failed publish before that commit means the page is handed
/// over again, so every message goes out at least once, with the same MessageId each time.
/// </summary>
public sealed partial class BusRelay : SubscriptionBase
{
    /// <summary>The subscription's name in <c>mt_event_progression</c>.</summary>
    public const string SubscriptionName = "bus-relay";

    private readonly IBus bus;
    private readonly ILogger<BusRelay> logger;

    public BusRelay(IBus bus, ILogger<BusRelay> logger)
    {
        this.bus = bus;
        this.logger = logger;
        Name = SubscriptionName;

        // Every portfolio event: each one changes a portfolio, and PortfolioChanged tells of every change. Listed
        // rather than unfiltered, so that what else the store holds (Marten's tombstones of failed appends) stays out.
        IncludeType<PortfolioOpened>();
        IncludeType<PortfolioClosed>();
        IncludeType<PortfolioRenamed>();
        IncludeType<CashDeposited>();
        IncludeType<CashWithdrawn>();
        IncludeType<FeeCharged>();
        IncludeType<SharesBought>();
        IncludeType<SharesSold>();
        IncludeType<DividendReceived>();
        IncludeType<StockSplit>();
        IncludeType<SymbolWatched>();
        IncludeType<SymbolUnwatched>();
        IncludeType<AlertRuleAdded>();
        IncludeType<AlertRuleRemoved>();
    }

    /// <summary>
    /// Builds the page's messages and publishes them in order, each awaited until the broker confirms it. Any
    /// exception leaves here on purpose: the daemon then pauses the subscription, rolls back, and restarts it
    /// from the last committed progress (the page is retried, never skipped).
    /// </summary>
    public override async Task<IChangeListener> ProcessEventsAsync(
        EventRange page, ISubscriptionController controller, IDocumentOperations operations, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(page);
        ArgumentNullException.ThrowIfNull(operations);
        var messages = await MessagesOfAsync(page.Events, operations, cancellationToken);
        foreach (var outgoing in messages)
        {
            await bus.Publish(outgoing.Message, context => context.MessageId = outgoing.MessageId, cancellationToken);
        }

        LogRelayed(messages.Count, page.Events.Count, page.SequenceFloor, page.SequenceCeiling);
        return NullChangeListener.Instance;
    }

    /// <summary>
    /// The page's trades and alert rule changes in event order, then one symbol set per portfolio whose set may have
    /// changed (the current one: at most one per portfolio per page), then one <c>PortfolioChanged</c> per portfolio
    /// with any event in the page (last, so that a consumer that reads the portfolio on it finds the rest sent).
    /// </summary>
    private async Task<IReadOnlyList<OutgoingMessage>> MessagesOfAsync(
        IReadOnlyList<IEvent> events, IDocumentOperations operations, CancellationToken cancellationToken)
    {
        var messages = new List<OutgoingMessage>();
        var symbolChanges = new Dictionary<Guid, IEvent>();
        var ruleSymbols = new Dictionary<Guid, string>();
        foreach (var e in events)
        {
            switch (e.Data)
            {
                case SharesBought bought:
                    messages.Add(RelayedMessages.Trade(e, bought));
                    break;
                case SharesSold sold:
                    messages.Add(RelayedMessages.Trade(e, sold));
                    break;
                case AlertRuleAdded added:
                    ruleSymbols[added.RuleId] = added.Symbol;
                    messages.Add(RelayedMessages.RuleAdded(e, added));
                    break;
                case AlertRuleRemoved removed:
                    var symbol = ruleSymbols.GetValueOrDefault(removed.RuleId)
                        ?? await SymbolOfRuleAsync(operations, e, removed.RuleId, cancellationToken);
                    if (symbol is null)
                    {
                        // The decision only removes a rule the portfolio has; without its addition no consumer knows the rule.
                        LogRuleWithoutAddition(removed.RuleId, e.StreamId, e.Version);
                    }
                    else
                    {
                        messages.Add(RelayedMessages.RuleRemoved(e, removed, symbol));
                    }

                    break;
            }

            if (RelayedMessages.CanChangeSymbols(e.Data))
            {
                symbolChanges[e.StreamId] = e;
            }
        }

        if (symbolChanges.Count > 0)
        {
            var current = (await operations.LoadManyAsync<PortfolioState>(cancellationToken, symbolChanges.Keys)).ToDictionary(p => p.Id);
            messages.AddRange(symbolChanges.Select(c => RelayedMessages.Symbols(c.Key, current.GetValueOrDefault(c.Key), c.Value)));
        }

        messages.AddRange(RelayedMessages.Changes(events));
        return messages;
    }

    /// <summary>The symbol of the rule <paramref name="ruleId"/>, from the event that added it earlier in the stream.</summary>
    private static async Task<string?> SymbolOfRuleAsync(IDocumentOperations operations, IEvent removal, Guid ruleId, CancellationToken cancellationToken)
    {
        var earlier = await operations.Events.FetchStreamAsync(removal.StreamId, removal.Version - 1, token: cancellationToken);
        return earlier.Select(e => e.Data).OfType<AlertRuleAdded>().LastOrDefault(a => a.RuleId == ruleId)?.Symbol;
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Published {Messages} messages for {Events} events (sequence {Floor} to {Ceiling})")]
    private partial void LogRelayed(int messages, int events, long floor, long ceiling);

    [LoggerMessage(Level = LogLevel.Error, Message = "Alert rule {RuleId} was removed from portfolio {PortfolioId} at version {Version} but never added there: its removal is not published")]
    private partial void LogRuleWithoutAddition(Guid ruleId, Guid portfolioId, long version);
}
