namespace StockMonitor.Pricing.Bars;

/// <summary>
/// Merges ticks into 1-minute bars and rolls minutes up into hours, so that the bars are those of the set
/// of ticks received: a tick already in its bar changes nothing, conflicting writers retry on the bar's
/// version, and the volume a bar gets from its predecessor is kept current on both sides.
/// </summary>
public sealed class BarWriter(BarStore store)
{
    private const int MaxAttempts = 50;

    /// <summary>Adds <paramref name="ticks"/> (one symbol, one minute) to their bar.</summary>
    public async Task AddTicksAsync(string symbol, DateTimeOffset minute, IReadOnlyCollection<Tick> ticks, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(ticks);
        BarRecord? bar = null;
        for (var attempt = 1; bar is null; attempt++)
        {
            var existing = await store.GetAsync(symbol, BarInterval.Minute, minute, withTicks: true, cancellationToken);
            var known = existing?.Ticks ?? [];
            var merged = Tick.InOrder(known.Concat(ticks));
            if (existing is not null && merged.Count == known.Count)
            {
                bar = existing; // every tick was already there: a redelivery
                break;
            }

            var candidate = new BarRecord(symbol, BarInterval.Minute, minute, Segment.Of(merged)!, existing?.CrossIn ?? 0m, existing?.CrossFrom ?? "", merged, (existing?.Version ?? 0) + 1);
            if (await store.TryPutMinuteAsync(candidate, existing?.Version, cancellationToken))
            {
                bar = candidate;
            }
            else if (attempt >= MaxAttempts)
            {
                throw new InvalidOperationException($"Gave up writing bar {symbol} {minute:O} after {MaxAttempts} conflicting writes.");
            }
        }

        // Repeated on redelivery too: a crash between the bar and its neighbours must not leave them stale.
        await LinkNeighboursAsync(bar, cancellationToken);
    }

    /// <summary>Recomputes an hour's bar from its minutes and links it to its neighbouring hours.</summary>
    public async Task<BarRecord?> RollUpHourAsync(string symbol, DateTimeOffset hour, CancellationToken cancellationToken)
    {
        var minutes = await store.RangeAsync(symbol, BarInterval.Minute, hour, hour + BarInterval.Hour.Length, cancellationToken);
        if (minutes.Count == 0)
        {
            return null;
        }

        var segment = minutes.Select(m => m.Segment).Aggregate((a, b) => a.Then(b));
        await store.TryPutHourAsync(new BarRecord(symbol, BarInterval.Hour, hour, segment, 0m, "", null, 0), cancellationToken);
        var stored = await store.GetAsync(symbol, BarInterval.Hour, hour, withTicks: false, cancellationToken);
        if (stored is not null)
        {
            await LinkNeighboursAsync(stored, cancellationToken);
        }

        return stored;
    }

    /// <summary>Sets the cross-in volume of <paramref name="bar"/> from its predecessor and of its successor from it (same trading day).</summary>
    private async Task LinkNeighboursAsync(BarRecord bar, CancellationToken cancellationToken)
    {
        var day = TradingDay.Of(bar.Segment.FirstAt);
        if (bar.Segment.FirstVolume is not null)
        {
            var previous = await store.NeighbourAsync(bar.Symbol, bar.Interval, bar.Bucket, forward: false, day.Start, bar.Bucket, cancellationToken);
            await store.TrySetCrossInAsync(bar, bar.Segment.CrossVolumeAfter(previous?.Segment), CrossFrom(previous), cancellationToken);
        }

        if (bar.Segment.LastVolume is not null)
        {
            var next = await store.NeighbourAsync(bar.Symbol, bar.Interval, bar.Bucket, forward: true, bar.Bucket, day.End, cancellationToken);
            if (next?.Segment.FirstVolume is not null)
            {
                await store.TrySetCrossInAsync(next, next.Segment.CrossVolumeAfter(bar.Segment), CrossFrom(bar), cancellationToken);
            }
        }
    }

    /// <summary>Names the volume point a cross-in was computed from: it only grows as ticks arrive.</summary>
    private static string CrossFrom(BarRecord? previous) =>
        previous is null ? "" : $"{BarStore.BucketText(previous.Bucket)}|{previous.Segment.LastVolume?.OrderKey}";
}
