using JasperFx.Events;
using JasperFx.Events.Daemon;
using JasperFx.Events.Projections;
using Marten;
using Marten.Subscriptions;
using MassTransit;
using Microsoft.Extensions.Options;
using StockMonitor.Portfolio.Portfolios.Events;
using StockMonitor.Portfolio.Portfolios;

namespace StockMonitor.Portfolio.Relay;

/// <summary>
/// Publishes what happened to portfolios on the bus, reading the event log as its outbox. Marten's async daemon
/// hands it the events in store order a page at a time and records how far it got (<c>mt_event_progression</c>)
/// in one transaction after the page: a crash, a failed publish or a page not confirmed within
/// <see cref="RelayOptions.RelayPublishTimeout"/> before that commit means the page is handed over again, so every
/// message goes out at least once, with the same MessageId each time.
/// </summary>
public sealed partial class BusRelay : SubscriptionBase
{
    /// <summary>The subscription's name in <c>mt_event_progression</c>.</summary>
    public const string SubscriptionName = "bus-relay";

    private readonly IBus bus;
    private readonly RelayOptions options;
    private readonly TimeProvider time;
    private readonly ILogger<BusRelay> logger;
    private readonly PortfolioStateCache states;

    public BusRelay(IBus bus, IOptions<RelayOptions> options, PortfolioStateCache states, TimeProvider time, ILogger<BusRelay> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        this.bus = bus;
        this.states = states;
        this.options = options.Value;
        this.time = time;
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
    /// Builds the page's messages and publishes them in order, then waits for the broker to confirm them all. Any
    /// exception leaves here on purpose: the daemon then pauses the subscription, rolls back, and restarts it
    /// from the last committed progress (the page is retried, never skipped).
    /// </summary>
    public override async Task<IChangeListener> ProcessEventsAsync(
        EventRange page, ISubscriptionController controller, IDocumentOperations operations, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(page);
        ArgumentNullException.ThrowIfNull(operations);
        var messages = await MessagesOfAsync(page.Events, operations, cancellationToken);
        await PublishAsync(messages, cancellationToken);
        LogRelayed(messages.Count, page.Events.Count, page.SequenceFloor, page.SequenceCeiling);
        return NullChangeListener.Instance;
    }

    /// <summary>
    /// Publishes <paramref name="messages"/> in their order without waiting for each confirm in turn, and returns once
    /// the broker confirmed every one of them; a <see cref="TimeoutException"/> when that takes longer than
    /// <see cref="RelayOptions.RelayPublishTimeout"/>.
    /// </summary>
    /// <remarks>
    /// All publishes go out on one channel, whose client numbers and writes them in the order they reach it. A publish
    /// reaches it at once when its message type's exchange is declared and the channel is open; otherwise it waits
    /// (declaration, a new channel) and a later one could overtake it. So the first message of each type in a page is
    /// confirmed alone before the next is started: whatever needs setting up is set up by then.
    /// </remarks>
    private async Task PublishAsync(IReadOnlyList<OutgoingMessage> messages, CancellationToken cancellationToken)
    {
        using var deadline = new CancellationTokenSource(options.RelayPublishTimeout, time);
        using var bounded = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, deadline.Token);
        var confirms = new List<Task>(messages.Count);
        var typesSeen = new HashSet<Type>();
        try
        {
            foreach (var outgoing in messages)
            {
                var confirm = bus.Publish(outgoing.Message, context => context.MessageId = outgoing.MessageId, bounded.Token);
                confirms.Add(confirm);
                if (typesSeen.Add(outgoing.Message.GetType()))
                {
                    // WaitAsync gives up also when the transport ignores the token (after a broker crash it can).
                    await confirm.WaitAsync(bounded.Token);
                }
            }

            await Task.WhenAll(confirms).WaitAsync(bounded.Token);
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            // Publishes still pending are left to end on their own: a late confirm sends a message the retried page
            // sends again under the same MessageId.
            throw new TimeoutException(
                $"The broker did not confirm the {messages.Count} messages of the page within {options.RelayPublishTimeout} ({confirms.Count(c => c.IsCompletedSuccessfully)} confirmed).");
        }
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
            // This replica's copy of a portfolio will do once it has reached the page's last change (a later set is
            // published again later, with its version); the others are read from their snapshots and events.
            var current = new Dictionary<Guid, PortfolioState>();
            foreach (var (id, last) in symbolChanges)
            {
                if (states.Get(id)?.State is { } cached && cached.Version >= last.Version)
                {
                    current[id] = cached;
                }
            }

            var read = await PortfolioSnapshots.LoadManyAsync(operations, symbolChanges.Keys.Where(id => !current.ContainsKey(id)).ToList(), cancellationToken);
            foreach (var portfolio in read)
            {
                current[portfolio.Id] = portfolio;
            }

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
