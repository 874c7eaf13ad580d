namespace StockMonitor.Pricing.Bars;

/// <summary>
/// Keeps the bars those of the set of ticks received: ticks are stored as immutable items (a redelivery rewrites
/// the same item), and a minute's bar is recomputed from all of its ticks, written only if no later read counted
/// more. Hours are rolled up from their minutes. The volume a bar gets from the volume point before it
/// (<see cref="BarRecord.CrossIn"/>) is set when its hour is rolled up, which happens after every change
/// (see <c>SymbolRecomputer</c>).
/// </summary>
public sealed class BarWriter(BarStore store)
{
    /// <summary>Stores ticks (any symbols, any minutes); their bars follow at the next <see cref="RollUpAsync"/>.</summary>
    public Task AddTicksAsync(IEnumerable<(string Symbol, Tick Tick)> ticks, CancellationToken cancellationToken) =>
        store.PutTicksAsync(ticks, cancellationToken);

    /// <summary>Recomputes the bars of <paramref name="minutes"/> from their ticks, then rolls their hours up.</summary>
    public async Task RollUpAsync(string symbol, IReadOnlyCollection<DateTimeOffset> minutes, CancellationToken cancellationToken)
    {
        await SummarizeMinutesAsync(symbol, minutes, cancellationToken);
        await RollUpHoursAsync(symbol, minutes, cancellationToken);
    }

    /// <summary>Recomputes the bars of <paramref name="minutes"/> from their ticks (their cross-in volumes follow with the hours).</summary>
    public async Task SummarizeMinutesAsync(string symbol, IReadOnlyCollection<DateTimeOffset> minutes, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(minutes);
        foreach (var minute in minutes.Order())
        {
            var ticks = await store.TicksAsync(symbol, minute, minute + BarInterval.Minute.Length, cancellationToken);
            if (Segment.Of(ticks) is { } segment)
            {
                await store.TryPutSummaryAsync(new BarRecord(symbol, BarInterval.Minute, minute, segment, 0m, "", 0), cancellationToken);
            }
        }
    }

    /// <summary>Links the cross-in volumes of the hours of <paramref name="minutes"/> and rolls those hours up.</summary>
    public async Task RollUpHoursAsync(string symbol, IReadOnlyCollection<DateTimeOffset> minutes, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(minutes);
        foreach (var hour in minutes.Select(BarInterval.Hour.BucketOf).Distinct().Order())
        {
            await RollUpHourAsync(symbol, hour, cancellationToken);
        }
    }

    /// <summary>
    /// Brings an hour up to date with its minutes: the cross-in volume of each minute (and of the first minute
    /// after the hour), then the hour's bar and the cross-in volumes of it and of the hour after it.
    /// </summary>
    private async Task RollUpHourAsync(string symbol, DateTimeOffset hour, CancellationToken cancellationToken)
    {
        var day = TradingDay.Of(hour);
        var minutes = await store.RangeAsync(symbol, BarInterval.Minute, hour, hour + BarInterval.Hour.Length, cancellationToken);
        if (minutes.Count == 0)
        {
            return;
        }

        var before = await store.NeighbourAsync(symbol, BarInterval.Minute, minutes[0].Bucket, forward: false, day.Start, minutes[0].Bucket, cancellationToken);
        var after = await store.NeighbourAsync(symbol, BarInterval.Minute, minutes[^1].Bucket, forward: true, minutes[^1].Bucket, day.End, cancellationToken);
        await LinkAsync(before?.Segment, minutes.Append(after).OfType<BarRecord>(), cancellationToken);

        var segment = minutes.Select(m => m.Segment).Aggregate((a, b) => a.Then(b));
        var hourBar = new BarRecord(symbol, BarInterval.Hour, hour, segment, 0m, "", 0);
        await store.TryPutSummaryAsync(hourBar, cancellationToken);

        var previousHour = await store.NeighbourAsync(symbol, BarInterval.Hour, hour, forward: false, day.Start, hour, cancellationToken);
        var nextHour = await store.NeighbourAsync(symbol, BarInterval.Hour, hour, forward: true, hour, day.End, cancellationToken);
        await LinkAsync(previousHour?.Segment, new[] { hourBar, nextHour }.OfType<BarRecord>(), cancellationToken);
    }

    /// <summary>
    /// Sets each bar's cross-in volume from the last volume point before it (carried over bars without volume),
    /// where the stored value is not that already. The guard in <see cref="BarStore.TrySetCrossInAsync"/> makes a
    /// value computed from an older read lose.
    /// </summary>
    private async Task LinkAsync(Segment? before, IEnumerable<BarRecord> bars, CancellationToken cancellationToken)
    {
        var running = before;
        foreach (var bar in bars)
        {
            if (bar.Segment.FirstVolume is not null)
            {
                var crossIn = bar.Segment.CrossVolumeAfter(running);
                var from = running?.LastVolume?.OrderKey ?? "";
                if (bar.CrossIn != crossIn || bar.CrossFrom != from)
                {
                    await store.TrySetCrossInAsync(bar, crossIn, from, cancellationToken);
                }
            }

            running = running is null ? bar.Segment : running.Then(bar.Segment);
        }
    }
}
