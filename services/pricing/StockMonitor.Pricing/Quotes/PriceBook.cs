using Amazon.DynamoDBv2.Model;
using StockMonitor.Contracts.Quotes;
using StockMonitor.Pricing.Bars;
using StockMonitor.Pricing.Statistics;
using StockMonitor.Pricing.Storage;

namespace StockMonitor.Pricing.Quotes;

/// <summary>
/// The per-symbol state of the quotes this instance owns (see <see cref="Ownership.PricingLease"/>), in memory:
/// <see cref="ApplyAsync"/> adds a batch of ticks (loading, once, what a symbol's minutes, hours and latest item
/// hold in DynamoDB), <see cref="WriteAsync"/> writes the changed latest items (with their statistics) and, when
/// asked, the changed minute bars (each with its ticks) and hour bars, in batched puts. DynamoDB calls grow with
/// symbols × writes, not with quotes.
/// </summary>
/// <remarks>
/// Every stored item is a function of the set of ticks: a minute's bar is the summary of its ticks (a tick seen
/// twice is the same tick), an hour's of its minutes, the statistics of the day's hours and minutes. So applying a
/// batch again, or after <see cref="Clear"/> (state reloaded from the tables), gives the same items. Not thread-safe:
/// the recorder's single loop uses it (inside a call, each symbol's state is handled by one task at a time).
/// </remarks>
public sealed class PriceBook(BarStore bars, LatestQuoteStore latest, TableWriter writer, TimeProvider time)
{
    /// <summary>The windows of the returns in the latest table.</summary>
    public static readonly TimeSpan[] ReturnWindows = [TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(15), TimeSpan.FromHours(1)];

    /// <summary>Minutes whose ticks stay in memory behind a symbol's newest (older ones are read again if a late tick comes).</summary>
    private static readonly TimeSpan TicksKept = TimeSpan.FromMinutes(3);

    /// <summary>Hours whose minutes stay in memory behind a symbol's newest (the volatility needs the last 60 minutes).</summary>
    private static readonly TimeSpan MinutesKept = TimeSpan.FromHours(2);

    /// <summary>How many symbols are applied or prepared at once (each reads its own state, when not in memory, from the tables).</summary>
    private const int SymbolsAtOnce = 16;

    private readonly Dictionary<string, SymbolBook> symbols = new(StringComparer.Ordinal);

    /// <summary>Forgets everything (after the lease was lost, or a write failed on a poison item): the tables are the truth.</summary>
    public void Clear() => symbols.Clear();

    /// <summary>Forgets these symbols' state (their unwritten changes included).</summary>
    public void Forget(IEnumerable<string> names)
    {
        foreach (var name in names)
        {
            symbols.Remove(name);
        }
    }

    /// <summary>
    /// Adds the quotes' ticks. Returns, per symbol whose newest quote is in the batch (newly, or again after a
    /// redelivery), that quote's message: it is to be announced once written.
    /// </summary>
    public async Task<IReadOnlyList<QuoteReceived>> ApplyAsync(IReadOnlyList<QuoteReceived> batch, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(batch);
        var bySymbol = batch.GroupBy(r => r.Quote.Symbol, StringComparer.Ordinal).ToList();
        var missing = bySymbol.Select(g => g.Key).Where(s => !symbols.ContainsKey(s)).ToList();
        if (missing.Count > 0)
        {
            var items = await latest.GetItemsAsync(missing, cancellationToken);
            foreach (var name in missing)
            {
                symbols[name] = new SymbolBook(name, items.TryGetValue(name, out var item) ? item : new() { ["symbol"] = new AttributeValue(name) });
            }
        }

        // Each symbol's state is read (once, when not in memory) and updated by one task.
        var announce = await EachSymbolAsync(bySymbol, (quotes, token) => ApplyAsync(symbols[quotes.Key], quotes, token), cancellationToken);
        return announce.OfType<QuoteReceived>().ToList();
    }

    /// <summary>Adds one symbol's quotes; returns its newest quote when that is the symbol's newest (to be announced).</summary>
    private async Task<QuoteReceived?> ApplyAsync(SymbolBook book, IEnumerable<QuoteReceived> quotes, CancellationToken cancellationToken)
    {
        QuoteReceived? newestOfBatch = null;
        string? newestKey = null;
        foreach (var received in quotes)
        {
            var tick = Tick.From(received);
            var (hour, minute) = await MinuteAsync(book, tick.ObservedAt, cancellationToken);
            if (minute.Add(tick))
            {
                hour.Changed();
                book.StatisticsDirty = true;
                Day(book, tick.ObservedAt).BarsDirty = true;
            }

            if (newestKey is null || string.CompareOrdinal(tick.OrderKey, newestKey) > 0)
            {
                (newestKey, newestOfBatch) = (tick.OrderKey, received);
            }
        }

        if (book.NewestKey is null || string.CompareOrdinal(newestKey, book.NewestKey) > 0)
        {
            book.NewestKey = newestKey;
            SetQuote(book.LatestItem, newestOfBatch!.Quote, newestKey!);
            book.LatestDirty = true;
        }

        return newestKey == book.NewestKey ? newestOfBatch : null;
    }

    /// <summary>
    /// Writes the changed latest items (statistics derived again where ticks were added) and, with
    /// <paramref name="withBars"/>, the minute bars (with their ticks) and hour bars that changed. Returns how many
    /// items it wrote.
    /// </summary>
    public async Task<int> WriteAsync(bool withBars, CancellationToken cancellationToken) =>
        await CommitAsync(await PrepareAsync(_ => withBars, cancellationToken), cancellationToken);

    /// <summary>
    /// Derives what a write puts: every changed latest item and, for the symbols <paramref name="barsOf"/> selects,
    /// the minute bars (with their ticks) and hour bars that changed. It reads what it needs (reference prices, ticks
    /// let go) but writes nothing, so it needs no lease time; <see cref="CommitAsync"/> then writes it.
    /// </summary>
    public async Task<PreparedWrite> PrepareAsync(Func<string, bool> barsOf, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(barsOf);
        var books = symbols.Values.ToList();
        var prepared = await EachSymbolAsync(
            books,
            async (book, token) =>
            {
                var withBars = barsOf(book.Symbol);
                var (writes, bars) = await PrepareAsync(book, withBars, token);
                return (Writes: writes, Bars: bars, WithBars: withBars);
            },
            cancellationToken);
        // The latest items go first: readers wait for them, while the bars only hold back acknowledgements.
        return new PreparedWrite(
            prepared.SelectMany(p => p.Writes).OrderBy(w => w.Table == TableWriter.Table.Latest ? 0 : 1).ToList(),
            books.Select((book, i) => (book, prepared[i].WithBars, prepared[i].Bars)).ToList());
    }

    /// <summary>
    /// Runs <paramref name="work"/> on each symbol's share, <see cref="SymbolsAtOnce"/> at a time (symbols are
    /// independent: each one's state is handled by one task), and gives the results in the shares' order.
    /// </summary>
    private static async Task<TResult[]> EachSymbolAsync<TShare, TResult>(
        IReadOnlyList<TShare> shares, Func<TShare, CancellationToken, Task<TResult>> work, CancellationToken cancellationToken)
    {
        var results = new TResult[shares.Count];
        await Parallel.ForEachAsync(
            Enumerable.Range(0, shares.Count),
            new ParallelOptions { MaxDegreeOfParallelism = SymbolsAtOnce, CancellationToken = cancellationToken },
            async (i, token) => results[i] = await work(shares[i], token));
        return results;
    }

    /// <summary>One symbol's share of <see cref="PrepareAsync(Func{string, bool}, CancellationToken)"/>.</summary>
    private async Task<(List<(TableWriter.Table Table, Dictionary<string, AttributeValue> Item)> Writes, List<(HourBook? Hour, MinuteBook? Minute, BarRecord Bar)> Bars)> PrepareAsync(
        SymbolBook book, bool withBars, CancellationToken cancellationToken)
    {
        var writes = new List<(TableWriter.Table Table, Dictionary<string, AttributeValue> Item)>();
        if (book.StatisticsDirty && book.Days.Count > 0 && book.Days[book.Days.Keys.Max()] is { } newest
            && string.CompareOrdinal(newest.Day.Text, book.StatsDay ?? "") >= 0
            && await StatisticsAsync(book, newest, cancellationToken) is { } statistics)
        {
            SetStatistics(book.LatestItem, statistics);
            book.LatestDirty = true;
        }

        var changed = new List<(HourBook? Hour, MinuteBook? Minute, BarRecord Bar)>();
        if (withBars)
        {
            foreach (var day in book.Days.Values.Where(d => d.BarsDirty))
            {
                changed.AddRange(ChangedBars(book.Symbol, day));
            }
        }

        foreach (var (hour, minute, bar) in changed)
        {
            if (minute is not null)
            {
                // A minute's item holds its ticks: one whose volume link changed while its ticks were let go reads them first.
                await LoadTicksAsync(book, hour!, minute, cancellationToken);
            }

            writes.Add((TableWriter.Table.Bars, BarStore.ToItem(bar, minute?.Ticks?.Values)));
        }

        if (book.LatestDirty)
        {
            writes.Add((TableWriter.Table.Latest, new Dictionary<string, AttributeValue>(book.LatestItem)));
        }

        return (writes, changed);
    }

    /// <summary>Writes what <see cref="PrepareAsync"/> derived, then notes it as stored. Returns how many items it wrote.</summary>
    public async Task<int> CommitAsync(PreparedWrite prepared, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(prepared);
        var (writes, written) = prepared;
        if (writes.Count > 0)
        {
            await writer.PutAsync(writes, cancellationToken);
        }

        foreach (var (book, withBars, changed) in written)
        {
            foreach (var (hour, minute, bar) in changed)
            {
                if (minute is not null)
                {
                    minute.Written = bar;
                }
                else
                {
                    hour!.Written = bar;
                }
            }

            book.LatestDirty = false;
            book.StatisticsDirty = false;
            if (withBars)
            {
                foreach (var d in book.Days.Values)
                {
                    d.BarsDirty = false;
                }

                Trim(book);
            }
        }

        return writes.Count;
    }

    /// <summary>The price of the last tick observed at or before <paramref name="instant"/>, across gaps of up to <see cref="ReferencePrices.LookBack"/>.</summary>
    private async Task<decimal?> PriceAtOrBeforeAsync(SymbolBook book, DateTimeOffset instant, CancellationToken cancellationToken)
    {
        var notBefore = instant - ReferencePrices.LookBack;
        for (var day = TradingDay.Of(instant); day.End > notBefore; day = TradingDay.Of(day.Start.AddTicks(-1)))
        {
            var dayBook = await DayAsync(book, day.Start, cancellationToken);
            foreach (var hour in dayBook.Hours.Values.Reverse().Where(h => h.Start <= instant))
            {
                if (hour.Start + BarInterval.Hour.Length <= instant)
                {
                    // A whole hour before the instant: its last tick is its close.
                    if (hour.Aggregate is { } whole)
                    {
                        return whole.LastAt >= notBefore ? whole.Close : null;
                    }

                    continue;
                }

                await LoadMinutesAsync(book, dayBook, hour, cancellationToken);
                foreach (var minute in hour.Minutes!.Values.Reverse().Where(m => m.Start <= instant && m.Segment is not null))
                {
                    var segment = minute.Segment!;
                    if (segment.LastAt <= instant)
                    {
                        return segment.LastAt >= notBefore ? segment.Close : null;
                    }

                    if (segment.FirstAt <= instant)
                    {
                        await LoadTicksAsync(book, hour, minute, cancellationToken);
                        return minute.Ticks!.Values.Where(t => t.ObservedAt <= instant).MaxBy(t => t.OrderKey, StringComparer.Ordinal)!.Price;
                    }
                }
            }
        }

        return null;
    }

    /// <summary>
    /// The bars of <paramref name="day"/> that differ from what is stored: each minute's bar with the volume it gets
    /// from the last volume point before it in the day, and each hour's. Walks the day from its first hour whose
    /// minutes are loaded; hours before it count through their stored bars.
    /// </summary>
    private static List<(HourBook? Hour, MinuteBook? Minute, BarRecord Bar)> ChangedBars(string symbol, DayBook day)
    {
        var changed = new List<(HourBook?, MinuteBook?, BarRecord)>();
        VolumePoint? before = null;
        foreach (var hour in day.Hours.Values)
        {
            var hourBefore = before;
            if (hour.Minutes is null)
            {
                before = hour.Aggregate?.LastVolume ?? before;
                continue;
            }

            foreach (var minute in hour.Minutes.Values)
            {
                if (minute.Segment is not { } segment)
                {
                    continue;
                }

                var bar = Bar(symbol, BarInterval.Minute, minute.Start, segment, before, minute.Written);
                if (bar != minute.Written)
                {
                    changed.Add((hour, minute, bar));
                }

                before = segment.LastVolume ?? before;
            }

            if (hour.Aggregate is { } aggregate)
            {
                var bar = Bar(symbol, BarInterval.Hour, hour.Start, aggregate, hourBefore, hour.Written);
                if (bar != hour.Written)
                {
                    changed.Add((hour, null, bar));
                }
            }
        }

        return changed;
    }

    /// <summary>A bar whose volume includes the move from the last volume point before it (none: from its own first).</summary>
    private static BarRecord Bar(string symbol, BarInterval interval, DateTimeOffset bucket, Segment segment, VolumePoint? before, BarRecord? stored)
    {
        var (crossIn, crossFrom) = segment.FirstVolume is { } first && before is not null
            ? (Math.Max(0m, first.Volume - before.Volume), before.OrderKey)
            : (0m, "");
        var bar = new BarRecord(symbol, interval, bucket, segment, crossIn, crossFrom, stored?.Version ?? 0);
        return stored is not null && bar == stored ? stored : bar with { Version = (stored?.Version ?? 0) + 1 };
    }

    /// <summary>The statistics of a symbol's day: from its hours (whole day) and minutes (the last hour), references across gaps.</summary>
    private async Task<DayStatistics?> StatisticsAsync(SymbolBook book, DayBook day, CancellationToken cancellationToken)
    {
        var hours = day.Hours.Values.Select(h => h.Aggregate).OfType<Segment>().ToList();
        if (hours.Count == 0)
        {
            return null;
        }

        var segment = hours.Aggregate((a, b) => a.Then(b));
        var returns = new decimal?[ReturnWindows.Length];
        for (var i = 0; i < ReturnWindows.Length; i++)
        {
            returns[i] = PriceStatistics.SimpleReturn(segment.Close, await PriceAtOrBeforeAsync(book, segment.LastAt - ReturnWindows[i], cancellationToken));
        }

        var lastMinute = BarInterval.Minute.BucketOf(segment.LastAt);
        var firstMinute = lastMinute.AddMinutes(-60);
        var closes = new List<(DateTimeOffset, decimal)>();
        for (var hourStart = BarInterval.Hour.BucketOf(firstMinute); hourStart <= lastMinute; hourStart += BarInterval.Hour.Length)
        {
            var hourDay = await DayAsync(book, hourStart, cancellationToken);
            if (hourDay.Hours.TryGetValue(hourStart, out var hour))
            {
                await LoadMinutesAsync(book, hourDay, hour, cancellationToken);
                closes.AddRange(hour.Minutes!.Values
                    .Where(m => m.Segment is not null && m.Start >= firstMinute && m.Start <= lastMinute)
                    .Select(m => (m.Start, m.Segment!.Close)));
            }
        }

        return new DayStatistics(
            day.Day.Text,
            segment.Count,
            segment.Vwap is { } vwap ? Math.Round(vwap, 6, MidpointRounding.AwayFromZero) : null,
            returns[0],
            returns[1],
            returns[2],
            returns[3],
            PriceStatistics.RealizedVolatility(PriceStatistics.MinuteCloses(closes, firstMinute, lastMinute)),
            segment.Open,
            segment.High,
            segment.Low);
    }

    /// <summary>The minute holding <paramref name="instant"/> (and its hour), with its ticks loaded.</summary>
    private async Task<(HourBook Hour, MinuteBook Minute)> MinuteAsync(SymbolBook book, DateTimeOffset instant, CancellationToken cancellationToken)
    {
        var day = await DayAsync(book, instant, cancellationToken);
        var hourStart = BarInterval.Hour.BucketOf(instant);
        if (!day.Hours.TryGetValue(hourStart, out var hour))
        {
            // An hour with no stored bar has no stored minutes: nothing to read.
            day.Hours[hourStart] = hour = new HourBook(hourStart) { Minutes = [] };
        }

        await LoadMinutesAsync(book, day, hour, cancellationToken);
        var minuteStart = BarInterval.Minute.BucketOf(instant);
        if (!hour.Minutes!.TryGetValue(minuteStart, out var minute))
        {
            hour.Minutes[minuteStart] = minute = new MinuteBook(minuteStart) { Ticks = [] };
        }

        await LoadTicksAsync(book, hour, minute, cancellationToken);
        return (hour, minute);
    }

    private static DayBook Day(SymbolBook book, DateTimeOffset instant) => book.Days[TradingDay.Of(instant).Date];

    /// <summary>
    /// The book of the trading day holding <paramref name="instant"/>, its hours loaded. A day not loaded yet is read
    /// with the days of the look-back before it that are not loaded either, in one query: the references a day's
    /// statistics need are then in memory (for a new symbol, one query instead of one per day).
    /// </summary>
    private async Task<DayBook> DayAsync(SymbolBook book, DateTimeOffset instant, CancellationToken cancellationToken)
    {
        var tradingDay = TradingDay.Of(instant);
        if (book.Days.TryGetValue(tradingDay.Date, out var day) && day.HoursLoaded)
        {
            return day;
        }

        var unloaded = new List<DayBook>();
        var oldest = tradingDay.Date.AddDays(-(int)ReferencePrices.LookBack.TotalDays - 1);
        for (var d = tradingDay; d.Date >= oldest; d = TradingDay.Of(d.Start.AddTicks(-1)))
        {
            if (!book.Days.TryGetValue(d.Date, out var other))
            {
                book.Days[d.Date] = other = new DayBook(d);
            }

            if (other.HoursLoaded)
            {
                break;
            }

            unloaded.Add(other);
        }
        var stored = await bars.RangeAsync(book.Symbol, BarInterval.Hour, unloaded[^1].Day.Start, tradingDay.End, cancellationToken);
        foreach (var hour in stored)
        {
            var hourDay = book.Days[TradingDay.Of(hour.Bucket).Date];
            if (!hourDay.Hours.ContainsKey(hour.Bucket))
            {
                hourDay.Hours[hour.Bucket] = new HourBook(hour.Bucket) { Written = hour };
            }
        }

        unloaded.ForEach(d => d.HoursLoaded = true);
        return book.Days[tradingDay.Date];
    }

    /// <summary>Reads an hour's minute bars; if its stored bar is not their summary (a writer stopped between the two), the day is to be written again.</summary>
    private async Task LoadMinutesAsync(SymbolBook book, DayBook day, HourBook hour, CancellationToken cancellationToken)
    {
        if (hour.Minutes is not null)
        {
            return;
        }
        var stored = await bars.RangeAsync(book.Symbol, BarInterval.Minute, hour.Start, hour.Start + BarInterval.Hour.Length, cancellationToken);
        hour.Minutes = new SortedDictionary<DateTimeOffset, MinuteBook>(
            stored.ToDictionary(b => b.Bucket, b => new MinuteBook(b.Bucket) { Segment = b.Segment, Written = b }));
        hour.Changed();
        if (hour.Aggregate != hour.Written?.Segment)
        {
            day.BarsDirty = true;
        }
    }

    /// <summary>Reads a minute's ticks (from its bar item, where they are written together).</summary>
    private async Task LoadTicksAsync(SymbolBook book, HourBook hour, MinuteBook minute, CancellationToken cancellationToken)
    {
        if (minute.Ticks is not null)
        {
            return;
        }
        var ticks = await bars.TicksAsync(book.Symbol, minute.Start, cancellationToken);
        minute.Ticks = ticks.DistinctBy(t => t.Id).ToDictionary(t => t.Id);
        minute.Segment = Segment.Of(ticks);
        hour.Changed();
    }

    /// <summary>Lets go of what is old behind the symbol's newest quote: ticks of past minutes, minutes of past hours, past days.</summary>
    private void Trim(SymbolBook book)
    {
        if (book.NewestKey is null)
        {
            return;
        }

        var newest = DynamoTime.Parse(book.NewestKey[..book.NewestKey.IndexOf('|', StringComparison.Ordinal)]);
        var now = time.GetUtcNow();
        var reference = newest > now ? now : newest;
        var newestDay = TradingDay.Of(reference).Date;
        // Days within the look-back stay (even empty ones): references across gaps must not read them again.
        foreach (var old in book.Days.Keys.Where(d => d < newestDay.AddDays(-(int)ReferencePrices.LookBack.TotalDays - 1)).ToList())
        {
            book.Days.Remove(old);
        }

        foreach (var day in book.Days.Values)
        {
            foreach (var hour in day.Hours.Values.Where(h => h.Minutes is not null))
            {
                if (hour.Start + BarInterval.Hour.Length < reference - MinutesKept)
                {
                    hour.Minutes = null;
                    continue;
                }

                foreach (var minute in hour.Minutes!.Values.Where(m => m.Ticks is not null && m.Start + BarInterval.Minute.Length < reference - TicksKept))
                {
                    minute.Ticks = null;
                }
            }
        }
    }

    private static void SetQuote(Dictionary<string, AttributeValue> item, Quote quote, string orderKey)
    {
        item["price"] = DynamoNumber.Of(quote.Price);
        item["observedAt"] = new AttributeValue(DynamoTime.ToAttribute(quote.ObservedAt));
        item["tieKey"] = new AttributeValue(orderKey);
        item["source"] = new AttributeValue(quote.Source);
        SetOrRemove(item, "currency", quote.Currency is null ? null : new AttributeValue(quote.Currency));
        SetOrRemove(item, "open", DynamoNumber.Of(quote.Open));
        SetOrRemove(item, "high", DynamoNumber.Of(quote.High));
        SetOrRemove(item, "low", DynamoNumber.Of(quote.Low));
        SetOrRemove(item, "previousClose", DynamoNumber.Of(quote.PreviousClose));
        SetOrRemove(item, "change", DynamoNumber.Of(PriceArithmetic.Change(quote.Price, quote.PreviousClose)));
        SetOrRemove(item, "changePercent", DynamoNumber.Of(PriceArithmetic.ChangePercent(quote.Price, quote.PreviousClose)));
        SetOrRemove(item, "volume", DynamoNumber.Of(quote.Volume));
    }

    private static void SetStatistics(Dictionary<string, AttributeValue> item, DayStatistics statistics)
    {
        item["statsDay"] = new AttributeValue(statistics.Day);
        item["statsQuoteCount"] = DynamoNumber.Of(statistics.QuoteCount);
        SetOrRemove(item, "vwap", DynamoNumber.Of(statistics.Vwap));
        SetOrRemove(item, "return1m", DynamoNumber.Of(statistics.Return1m));
        SetOrRemove(item, "return5m", DynamoNumber.Of(statistics.Return5m));
        SetOrRemove(item, "return15m", DynamoNumber.Of(statistics.Return15m));
        SetOrRemove(item, "return1h", DynamoNumber.Of(statistics.Return1h));
        SetOrRemove(item, "volatility1h", DynamoNumber.Of(statistics.Volatility1h));
        item["dayOpen"] = DynamoNumber.Of(statistics.DayOpen);
        item["dayHigh"] = DynamoNumber.Of(statistics.DayHigh);
        item["dayLow"] = DynamoNumber.Of(statistics.DayLow);
    }

    private static void SetOrRemove(Dictionary<string, AttributeValue> item, string name, AttributeValue? value)
    {
        if (value is null)
        {
            item.Remove(name);
        }
        else
        {
            item[name] = value;
        }
    }
}

/// <summary>The items a write puts, and the books and bars it marks as stored once they are.</summary>
public sealed record PreparedWrite(
    List<(TableWriter.Table Table, Dictionary<string, AttributeValue> Item)> Writes,
    List<(SymbolBook Book, bool WithBars, List<(HourBook? Hour, MinuteBook? Minute, BarRecord Bar)> Bars)> Written);
