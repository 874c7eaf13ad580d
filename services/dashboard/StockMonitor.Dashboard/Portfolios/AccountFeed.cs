using System.Globalization;
using System.Net;
using System.Text.Json;
using System.Threading.Channels;
using StockMonitor.Contracts.Pricing;
using StockMonitor.Dashboard.Live;
using StockMonitor.Dashboard.Market;
using StockMonitor.Dashboard.Upstream;

namespace StockMonitor.Dashboard.Portfolios;

/// <summary>
/// The signed-in part of one browser's stream. Everything about portfolios is read from the portfolio API with the
/// user's own token, so the user sees exactly what the API lets them see: the list of their portfolios (to know
/// which alerts are theirs), the recent alerts of those portfolios, and, on a portfolio page, the portfolio itself.
/// The portfolio is read again at once when the bus announces a change to it (<c>PortfolioChanged</c>), at most
/// every <see cref="DashboardOptions.PortfolioInterval"/> while the prices of its holdings move (again, a few
/// times, if the answer still carries an older price than the board's), and every
/// <see cref="DashboardOptions.ResyncInterval"/> in any case. An alert for a portfolio the feed does not know makes
/// it read the list again before deciding; a user never gets an alert of a portfolio the API does not list for them.
/// </summary>
public sealed partial class AccountFeed : IViewerListener
{
    /// <summary>Alerts and recent firings of at most this many portfolios are looked up at the start.</summary>
    private const int RecentAlertsPortfolios = 20;

    private const int RecentAlerts = 50;

    /// <summary>How many times an answer older than the board's prices is read again before waiting for the next change.</summary>
    private const int StaleRereads = 5;

    private static readonly TimeSpan RelistInterval = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan NotOwnedFor = TimeSpan.FromMinutes(10);
    private static readonly TimeSpan FailureRetry = TimeSpan.FromSeconds(5);

    private readonly HashSet<(Guid RuleId, DateTimeOffset ObservedAt)> sentAlerts = [];
    private readonly Queue<(Guid RuleId, DateTimeOffset ObservedAt)> sentOrder = new();
    private readonly Viewer viewer;
    private readonly ViewerSession session;
    private readonly PortfolioClient portfolios;
    private readonly MarketBoard board;
    private readonly TimeProvider time;
    private readonly DashboardOptions options;
    private readonly DashboardMetrics metrics;
    private readonly ILogger logger;
    private readonly Lock gate = new();
    private readonly Channel<bool> wake = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });
    private readonly Dictionary<Guid, DateTimeOffset> notOwned = [];
    private readonly List<PriceAlertTriggered> unresolved = [];
    private Dictionary<Guid, string> owned = [];
    private Dictionary<string, DateTimeOffset?> holdings = new(StringComparer.Ordinal);
    private long viewVersion = -1;
    private bool viewGone;
    private bool listed;
    private bool stopped;
    private int staleRereads;
    private DateTimeOffset? viewDue;
    private DateTimeOffset? listDue;
    private DateTimeOffset lastView = DateTimeOffset.MinValue;
    private DateTimeOffset lastList = DateTimeOffset.MinValue;

    public AccountFeed(Viewer viewer, PortfolioClient portfolios, MarketBoard board, TimeProvider time, DashboardOptions options, DashboardMetrics metrics, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(viewer);
        this.viewer = viewer;
        session = viewer.Session ?? throw new ArgumentException("The viewer is not signed in.", nameof(viewer));
        (this.portfolios, this.board, this.time, this.options, this.metrics, this.logger) = (portfolios, board, time, options, metrics, logger);
    }

    private ViewerScope Scope => viewer.Scope;

    public void OnPrice(SymbolQuote quote)
    {
        ArgumentNullException.ThrowIfNull(quote);
        lock (gate)
        {
            if (Scope.Portfolio is not null && !viewGone && holdings.TryGetValue(quote.Symbol, out var priced) && (priced is null || quote.ObservedAt > priced))
            {
                WantViewLocked(urgent: false);
            }

            if (Scope.PortfolioList && owned.Count > 0)
            {
                WantListLocked(lastList + options.PortfolioInterval);
            }
        }
    }

    public void OnPortfolioChanged(Guid portfolioId, long version)
    {
        lock (gate)
        {
            if (portfolioId == Scope.Portfolio && version > viewVersion && !viewGone)
            {
                staleRereads = 0;
                WantViewLocked(urgent: true);
            }

            if (owned.ContainsKey(portfolioId))
            {
                if (Scope.PortfolioList)
                {
                    WantListLocked(time.GetUtcNow());
                }
            }
            else if (!IsNotOwnedLocked(portfolioId))
            {
                // Perhaps one the user just opened: look at the list again (not more often than RelistInterval).
                WantListLocked(lastList + RelistInterval);
            }
        }
    }

    public void OnAlert(PriceAlertTriggered alert)
    {
        ArgumentNullException.ThrowIfNull(alert);
        lock (gate)
        {
            if (owned.TryGetValue(alert.PortfolioId, out var name))
            {
                SendAlertLocked(alert, name);
            }
            else if (!IsNotOwnedLocked(alert.PortfolioId) && unresolved.Count < 100)
            {
                unresolved.Add(alert);
                WantListLocked(lastList + RelistInterval);
            }
        }
    }

    /// <summary>
    /// Sends an alert once: pricing announces a firing again (same rule, same price time) when the quote that fired it
    /// is redelivered, and the page must not notify twice.
    /// </summary>
    private void SendAlertLocked(PriceAlertTriggered alert, string portfolioName)
    {
        if (!sentAlerts.Add((alert.RuleId, alert.ObservedAt)))
        {
            return;
        }

        sentOrder.Enqueue((alert.RuleId, alert.ObservedAt));
        if (sentOrder.Count > 256)
        {
            sentAlerts.Remove(sentOrder.Dequeue());
        }

        viewer.Enqueue(new LiveEvent("alert", WireJson.Serialize(Notice(alert, portfolioName))));
    }

    /// <summary>Sends the user's portfolios, recent alerts and (on a portfolio page) the portfolio, then follows them until the stream ends.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var recentSent = false;
        lock (gate)
        {
            WantListLocked(time.GetUtcNow());
            if (Scope.Portfolio is not null)
            {
                WantViewLocked(urgent: true);
            }
        }

        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                var (readList, readView, wait) = NextWork();
                if (readList)
                {
                    if (!await ReadListAsync(cancellationToken))
                    {
                        return;
                    }

                    // The recent alerts once, as soon as the user's portfolios are known.
                    if (!recentSent && listed)
                    {
                        await SendRecentAlertsAsync(cancellationToken);
                        recentSent = true;
                    }
                }

                if (readView && !await ReadViewAsync(cancellationToken))
                {
                    return;
                }

                if (!readList && !readView)
                {
                    await WaitAsync(wait, cancellationToken);
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The browser went away.
        }
    }

    private (bool List, bool View, TimeSpan Wait) NextWork()
    {
        var now = time.GetUtcNow();
        lock (gate)
        {
            if (now >= session.ExpiresAt)
            {
                ExpireLocked();
            }

            if (stopped)
            {
                return (false, false, Timeout.InfiniteTimeSpan);
            }

            if (Scope.PortfolioList && now - lastList >= options.ResyncInterval)
            {
                WantListLocked(now);
            }

            if (Scope.Portfolio is not null && !viewGone && now - lastView >= options.ResyncInterval)
            {
                WantViewLocked(urgent: true);
            }

            var list = listDue <= now;
            var view = viewDue <= now;
            listDue = list ? null : listDue;
            viewDue = view ? null : viewDue;
            var next = new List<DateTimeOffset?> { listDue, viewDue, session.ExpiresAt };
            if (Scope.PortfolioList)
            {
                next.Add(lastList + options.ResyncInterval);
            }

            if (Scope.Portfolio is not null && !viewGone)
            {
                next.Add(lastView + options.ResyncInterval);
            }

            var soonest = next.Min()!.Value;
            return (list, view, soonest > now ? soonest - now : TimeSpan.Zero);
        }
    }

    private async Task WaitAsync(TimeSpan wait, CancellationToken cancellationToken)
    {
        using var timeout = wait == Timeout.InfiniteTimeSpan ? new CancellationTokenSource() : new CancellationTokenSource(wait, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        try
        {
            await wake.Reader.WaitToReadAsync(linked.Token);
            wake.Reader.TryRead(out _);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            // Something is due.
        }
    }

    /// <summary>Reads the user's portfolios; false when the session is over.</summary>
    private async Task<bool> ReadListAsync(CancellationToken cancellationToken)
    {
        var answer = await CallAsync(token => portfolios.ListAsync(session.Token, token), "list", cancellationToken);
        lock (gate)
        {
            lastList = time.GetUtcNow();
            if (answer is null || !answer.IsSuccess)
            {
                return HandleFailureLocked(answer, () => listDue = lastList + FailureRetry);
            }

            var lines = JsonSerializer.Deserialize<List<PortfolioLine>>(answer.Body, WireJson.Options) ?? [];
            owned = lines.ToDictionary(l => l.Id, l => l.Name);
            listed = true;
            foreach (var alert in unresolved)
            {
                if (owned.TryGetValue(alert.PortfolioId, out var name))
                {
                    SendAlertLocked(alert, name);
                }
                else
                {
                    notOwned[alert.PortfolioId] = lastList + NotOwnedFor;
                }
            }

            unresolved.Clear();
            if (Scope.PortfolioList)
            {
                viewer.Enqueue(new LiveEvent("portfolios", answer.Body));
            }

            return true;
        }
    }

    /// <summary>Reads the portfolio of the page; false when the session is over.</summary>
    private async Task<bool> ReadViewAsync(CancellationToken cancellationToken)
    {
        var id = Scope.Portfolio!.Value;
        var answer = await CallAsync(token => portfolios.GetAsync(id, session.Token, token), "portfolio", cancellationToken);
        lock (gate)
        {
            lastView = time.GetUtcNow();
            if (answer is null || answer.Status is not (HttpStatusCode.OK or HttpStatusCode.NotFound or HttpStatusCode.Forbidden))
            {
                return HandleFailureLocked(answer, () => viewDue = lastView + FailureRetry);
            }

            if (answer.Status != HttpStatusCode.OK)
            {
                // Unknown, or someone else's: the API does not tell which, neither does the page.
                viewGone = true;
                viewer.Enqueue(new LiveEvent("portfolio-missing", WireJson.Serialize(new { id, status = (int)answer.Status })));
                return true;
            }

            using var document = JsonDocument.Parse(answer.Body);
            var root = document.RootElement;
            viewVersion = root.GetProperty("version").GetInt64();
            holdings = root.GetProperty("holdings").EnumerateArray()
                .Where(h => h.GetProperty("quantity").GetDecimal() != 0)
                .ToDictionary(
                    h => h.GetProperty("symbol").GetString()!,
                    h => h.TryGetProperty("priceObservedAt", out var at) && at.ValueKind == JsonValueKind.String ? DateTimeOffset.Parse(at.GetString()!, CultureInfo.InvariantCulture) : (DateTimeOffset?)null,
                    StringComparer.Ordinal);
            viewer.Enqueue(new LiveEvent("portfolio", answer.Body));

            // The portfolio service takes the same PriceChanged as this board; if it had not yet when it answered, ask again.
            var behind = holdings.Any(h => board.Get(h.Key) is { } newest && (h.Value is null || newest.ObservedAt > h.Value));
            if (behind && staleRereads < StaleRereads)
            {
                staleRereads++;
                WantViewLocked(urgent: false);
            }
            else if (!behind)
            {
                staleRereads = 0;
            }

            return true;
        }
    }

    private async Task SendRecentAlertsAsync(CancellationToken cancellationToken)
    {
        Dictionary<Guid, string> mine;
        lock (gate)
        {
            mine = owned;
        }

        var notices = new List<AlertNotice>();
        foreach (var (id, name) in mine.Take(RecentAlertsPortfolios))
        {
            var answer = await CallAsync(token => portfolios.FiredAlertsAsync(id, RecentAlerts, session.Token, token), "alerts", cancellationToken);
            if (answer is { IsSuccess: true })
            {
                var fired = JsonSerializer.Deserialize<List<FiredAlert>>(answer.Body, WireJson.Options) ?? [];
                notices.AddRange(fired.Select(f => new AlertNotice(f.RuleId, id, name, f.Symbol, f.Condition, f.Threshold, f.Price, f.ObservedAt, f.TriggeredAt)));
            }
        }

        var recent = notices.OrderByDescending(n => n.TriggeredAt).ThenByDescending(n => n.ObservedAt).Take(RecentAlerts).ToList();
        viewer.Enqueue(new LiveEvent("alerts", WireJson.Serialize(recent)));
    }

    /// <summary>Calls the portfolio API; null when it could not be reached (counted and logged).</summary>
    private async Task<UpstreamAnswer?> CallAsync(Func<CancellationToken, Task<UpstreamAnswer>> call, string what, CancellationToken cancellationToken)
    {
        try
        {
            var answer = await call(cancellationToken);
            if (!answer.IsSuccess && answer.Status != HttpStatusCode.NotFound)
            {
                metrics.UpstreamFailed("portfolio");
                LogPortfolioRefused(what, (int)answer.Status, session.Subject);
            }

            return answer;
        }
        catch (Exception ex) when (ex is HttpRequestException or JsonException || (ex is TaskCanceledException && !cancellationToken.IsCancellationRequested))
        {
            metrics.UpstreamFailed("portfolio");
            LogPortfolioUnreachable(ex, what);
            return null;
        }
    }

    private bool HandleFailureLocked(UpstreamAnswer? answer, Action retry)
    {
        if (answer?.Status == HttpStatusCode.Unauthorized)
        {
            ExpireLocked();
            return false;
        }

        retry();
        return true;
    }

    private void ExpireLocked()
    {
        if (!stopped)
        {
            stopped = true;
            viewer.Enqueue(new LiveEvent("session", "{\"state\":\"expired\"}"));
        }
    }

    private void WantViewLocked(bool urgent)
    {
        var now = time.GetUtcNow();
        var due = urgent ? now : Later(now, lastView + options.PortfolioInterval);
        viewDue = viewDue is { } current && current < due ? current : due;
        wake.Writer.TryWrite(true);
    }

    private void WantListLocked(DateTimeOffset notBefore)
    {
        var due = Later(time.GetUtcNow(), notBefore);
        listDue = listDue is { } current && current < due ? current : due;
        wake.Writer.TryWrite(true);
    }

    private bool IsNotOwnedLocked(Guid portfolioId) => notOwned.TryGetValue(portfolioId, out var until) && until > time.GetUtcNow();

    private static DateTimeOffset Later(DateTimeOffset a, DateTimeOffset b) => a > b ? a : b;

    private static AlertNotice Notice(PriceAlertTriggered a, string portfolioName) =>
        new(a.RuleId, a.PortfolioId, portfolioName, a.Symbol, a.Condition, a.Threshold, a.Price, a.ObservedAt, a.TriggeredAt);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The portfolio API refused the {What} of {Subject}'s page with {Status}")]
    private partial void LogPortfolioRefused(string what, int status, string subject);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The portfolio API could not be reached for the {What} of a page; trying again")]
    private partial void LogPortfolioUnreachable(Exception exception, string what);
}
