using System.Text;
using System.Threading.Channels;
using StockMonitor.Dashboard.Market;

namespace StockMonitor.Dashboard.Live;

/// <summary>
/// One browser's live stream. Prices are coalesced per symbol so that a fast feed reaches the page at most once per
/// <see cref="DashboardOptions.QuoteInterval"/> per symbol, always ends on the newest value, and what it shows is as
/// fresh as the cap allows: a price that arrives when the symbol may be sent again goes out at once; one that arrived
/// while it could not waits for the interval to end and then half an interval more, because a busy symbol's next
/// price usually comes meanwhile and goes out at once in its place (a quiet symbol's last price goes out then).
/// Other events (portfolios, alerts) go out in order as they come. <see cref="NextAsync"/> hands the writer what is due.
/// </summary>
public sealed class Viewer
{
    private readonly Lock gate = new();
    private readonly Dictionary<string, (BoardEntry Entry, long ArrivedAt)> pending = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (long SentAt, DateTimeOffset ObservedAt)> sent = new(StringComparer.Ordinal);
    private readonly Queue<LiveEvent> events = new();
    private readonly Channel<bool> wake = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });
    private readonly TimeProvider time;
    private readonly TimeSpan interval;
    private readonly TimeSpan heartbeat;
    private long lastWrite;

    public Viewer(ViewerScope scope, ViewerSession? session, TimeProvider time, DashboardOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        (Scope, Session, this.time) = (scope, session, time);
        (interval, heartbeat) = (options.QuoteInterval, options.HeartbeatInterval);
        lastWrite = time.GetTimestamp();
    }

    public ViewerScope Scope { get; }

    /// <summary>The signed-in user, when there is one.</summary>
    public ViewerSession? Session { get; }

    /// <summary>Set by the signed-in user's <see cref="Portfolios.AccountFeed"/>; told of prices, portfolio changes and alerts.</summary>
    public IViewerListener? Listener { get; set; }

    /// <summary>Prices superseded by a newer one before they were sent (coalesced away).</summary>
    public long Coalesced { get; private set; }

    /// <summary>Offers a symbol's new price; kept if the page follows the symbol and it is newer than what it has.</summary>
    public void OfferQuote(BoardEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        Listener?.OnPrice(entry.Quote);
        if (!Scope.Wants(entry.Quote.Symbol))
        {
            return;
        }

        var symbol = entry.Quote.Symbol;
        bool due;
        lock (gate)
        {
            if (pending.TryGetValue(symbol, out var waiting))
            {
                if (waiting.Entry.Quote.ObservedAt >= entry.Quote.ObservedAt)
                {
                    return;
                }

                Coalesced++;
            }
            else if (sent.TryGetValue(symbol, out var last) && last.ObservedAt >= entry.Quote.ObservedAt)
            {
                return;
            }

            var now = time.GetTimestamp();
            pending[symbol] = (entry, now);
            due = !sent.TryGetValue(symbol, out var previous) || time.GetElapsedTime(previous.SentAt, now) >= interval;
        }

        if (due)
        {
            wake.Writer.TryWrite(true);
        }
    }

    /// <summary>Marks the prices a snapshot carried as sent, so that nothing older follows them.</summary>
    public void MarkSent(IEnumerable<SymbolQuote> quotes)
    {
        ArgumentNullException.ThrowIfNull(quotes);
        lock (gate)
        {
            foreach (var quote in quotes)
            {
                if (!sent.TryGetValue(quote.Symbol, out var last) || last.ObservedAt < quote.ObservedAt)
                {
                    sent[quote.Symbol] = (0, quote.ObservedAt);
                }

                if (pending.TryGetValue(quote.Symbol, out var waiting) && waiting.Entry.Quote.ObservedAt <= quote.ObservedAt)
                {
                    pending.Remove(quote.Symbol);
                }
            }
        }
    }

    public void Enqueue(LiveEvent liveEvent)
    {
        ArgumentNullException.ThrowIfNull(liveEvent);
        lock (gate)
        {
            events.Enqueue(liveEvent);
        }

        wake.Writer.TryWrite(true);
    }

    /// <summary>
    /// Waits until something is due and returns it: queued events first, then one <c>quotes</c> event with every
    /// symbol whose interval is over, or a <c>ping</c> when nothing was written for the heartbeat interval.
    /// </summary>
    public async Task<IReadOnlyList<LiveEvent>> NextAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            var (due, wait) = TakeDue();
            if (due.Count > 0)
            {
                return due;
            }

            using var timeout = new CancellationTokenSource(wait, time);
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
            try
            {
                await wake.Reader.WaitToReadAsync(linked.Token);
                wake.Reader.TryRead(out _);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                // The wait is over: a coalesced price or the heartbeat is due.
            }
        }
    }

    /// <summary>Takes what is due now, and how long until something else may be (at most the heartbeat).</summary>
    internal (List<LiveEvent> Due, TimeSpan Wait) TakeDue()
    {
        var due = new List<LiveEvent>();
        var wait = heartbeat;
        lock (gate)
        {
            while (events.TryDequeue(out var queued))
            {
                due.Add(queued);
            }

            StringBuilder? batch = null;
            List<SymbolQuote>? sentNow = null;
            var now = time.GetTimestamp();
            foreach (var (symbol, (entry, arrivedAt)) in pending)
            {
                var remaining = sent.TryGetValue(symbol, out var last) ? Remaining(last.SentAt, arrivedAt, now) : TimeSpan.Zero;
                if (remaining > TimeSpan.Zero)
                {
                    wait = remaining < wait ? remaining : wait;
                    continue;
                }

                batch = batch is null ? new StringBuilder("[") : batch.Append(',');
                batch.Append(entry.Json);
                sent[symbol] = (now, entry.Quote.ObservedAt);
                (sentNow ??= []).Add(entry.Quote);
            }

            if (batch is not null)
            {
                sentNow!.ForEach(q => pending.Remove(q.Symbol));
                due.Add(new LiveEvent("quotes", batch.Append(']').ToString(), sentNow));
            }

            if (due.Count == 0)
            {
                var quiet = time.GetElapsedTime(lastWrite, now);
                if (quiet >= heartbeat)
                {
                    due.Add(new LiveEvent("ping", $"{{\"serverTime\":\"{time.GetUtcNow():O}\"}}"));
                }
                else
                {
                    wait = heartbeat - quiet < wait ? heartbeat - quiet : wait;
                }
            }

            if (due.Count > 0)
            {
                lastWrite = now;
            }
        }

        return (due, wait);
    }

    /// <summary>
    /// How long a waiting price still waits: none once the interval since the last send is over if it arrived after
    /// that; if it arrived before, until the interval is over and half an interval more.
    /// </summary>
    private TimeSpan Remaining(long sentAt, long arrivedAt, long now)
    {
        var open = interval - time.GetElapsedTime(sentAt, now);
        var arrivedOpen = time.GetElapsedTime(sentAt, arrivedAt) >= interval;
        return arrivedOpen ? open : open + (interval / 2);
    }
}
