using System.Collections.Concurrent;

namespace StockMonitor.Pricing.Bars;

/// <summary>
/// Merges ticks into 1-minute bars and rolls minutes up into hours, so that the bars are those of the set of
/// ticks received: a tick already in its bar changes nothing, and conflicting writers retry on the bar's
/// version. The volume a bar gets from the volume point before it (<see cref="BarRecord.CrossIn"/>) is set
/// when its hour is rolled up, which happens after every change (see <c>SymbolRecomputer</c>).
/// </summary>
public sealed class BarWriter(BarStore store)
{
    private const int MaxAttempts = 50;
    private const int MaxCachedBars = 20_000;

    // Writes to one bar from this instance go one at a time (striped by bar), so the batches this instance works
    // on concurrently do not race each other; instances still race, and the version decides.
    private readonly SemaphoreSlim[] stripes = Enumerable.Range(0, 64).Select(_ => new SemaphoreSlim(1, 1)).ToArray();

    // The bar as this instance last wrote it: the next write to it tries that version first and reads only when
    // someone else wrote in between (a conditional put that fails changes nothing).
    private readonly ConcurrentDictionary<(string Symbol, DateTimeOffset Minute), BarRecord> written = new();

    /// <summary>Adds <paramref name="ticks"/> (one symbol, one minute) to their bar; false when they were all there already.</summary>
    public async Task<bool> AddTicksAsync(string symbol, DateTimeOffset minute, IReadOnlyCollection<Tick> ticks, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(ticks);
        var key = (symbol, minute);
        var stripe = stripes[(int)((uint)key.GetHashCode() % (uint)stripes.Length)];
        await stripe.WaitAsync(cancellationToken);
        try
        {
            written.TryGetValue(key, out var existing);
            for (var attempt = 1; ; attempt++)
            {
                if (attempt > 1 || existing is null)
                {
                    existing = await store.GetAsync(symbol, BarInterval.Minute, minute, withTicks: true, cancellationToken);
                }

                var known = existing?.Ticks ?? [];
                var merged = Tick.InOrder(known.Concat(ticks));
                if (existing is not null && merged.Count == known.Count)
                {
                    return false; // every tick was already there: a redelivery
                }

                var candidate = new BarRecord(symbol, BarInterval.Minute, minute, Segment.Of(merged)!, existing?.CrossIn ?? 0m, existing?.CrossFrom ?? "", merged, (existing?.Version ?? 0) + 1);
                if (await store.TryPutMinuteAsync(candidate, existing?.Version, cancellationToken))
                {
                    Remember(key, candidate);
                    return true;
                }

                if (attempt >= MaxAttempts)
                {
                    throw new InvalidOperationException($"Gave up writing bar {symbol} {minute:O} after {MaxAttempts} conflicting writes.");
                }
            }
        }
        catch
        {
            written.TryRemove(key, out _);
            throw;
        }
        finally
        {
            stripe.Release();
        }
    }

    private void Remember((string Symbol, DateTimeOffset Minute) key, BarRecord bar)
    {
        if (written.Count >= MaxCachedBars)
        {
            written.Clear(); // a cache miss only costs a read
        }

        written[key] = bar;
    }

    /// <summary>
    /// Brings an hour up to date with its minutes: the cross-in volume of each minute (and of the first minute
    /// after the hour), then the hour's bar and the cross-in volumes of it and of the hour after it.
    /// </summary>
    public async Task RollUpHourAsync(string symbol, DateTimeOffset hour, CancellationToken cancellationToken)
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
        var hourBar = new BarRecord(symbol, BarInterval.Hour, hour, segment, 0m, "", null, 0);
        await store.TryPutHourAsync(hourBar, cancellationToken);

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
                if (bar.CrossIn != crossIn || bar.CrossFrom != from || bar.Interval == BarInterval.Hour)
                {
                    await store.TrySetCrossInAsync(bar, crossIn, from, cancellationToken);
                }
            }

            running = running is null ? bar.Segment : running.Then(bar.Segment);
        }
    }
}
