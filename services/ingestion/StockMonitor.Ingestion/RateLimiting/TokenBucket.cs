namespace StockMonitor.Ingestion.RateLimiting;

/// <summary>
/// A token bucket: holds at most <see cref="Capacity"/> tokens and gains <c>tokensPerPeriod</c> every
/// <c>period</c>, continuously; it starts full. Time comes from the injected <see cref="TimeProvider"/> and the
/// arithmetic is exact in ticks, so a token is available at the very tick it is due.
/// </summary>
public sealed class TokenBucket
{
    private readonly Lock gate = new();
    private readonly TimeProvider time;
    private readonly long tokensPerPeriod;

    // Credit is counted in token-ticks: one token is worth `tokenUnits` (the period's ticks) and every elapsed
    // tick adds `tokensPerPeriod`, so no rate is ever rounded.
    private readonly long tokenUnits;
    private readonly long capacityUnits;
    private long credit;
    private long lastTimestamp;

    public TokenBucket(int capacity, int tokensPerPeriod, TimeSpan period, TimeProvider time)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(capacity);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(tokensPerPeriod);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(period, TimeSpan.Zero);
        ArgumentNullException.ThrowIfNull(time);
        Capacity = capacity;
        this.tokensPerPeriod = tokensPerPeriod;
        this.time = time;
        tokenUnits = period.Ticks;
        capacityUnits = checked(capacity * period.Ticks);
        credit = capacityUnits;
        lastTimestamp = time.GetTimestamp();
    }

    public int Capacity { get; }

    /// <summary>Whole tokens available now.</summary>
    public int Available
    {
        get
        {
            lock (gate)
            {
                Refill();
                return (int)(credit / tokenUnits);
            }
        }
    }

    /// <summary>Takes a token if one is available.</summary>
    public bool TryTake()
    {
        lock (gate)
        {
            Refill();
            if (credit < tokenUnits)
            {
                return false;
            }

            credit -= tokenUnits;
            return true;
        }
    }

    /// <summary>How long until a token is available; zero when one is.</summary>
    public TimeSpan TimeUntilAvailable()
    {
        lock (gate)
        {
            Refill();
            return TimeUntilAvailableLocked();
        }
    }

    /// <summary>Waits until a token is available and takes it.</summary>
    public async Task WaitAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            TimeSpan wait;
            lock (gate)
            {
                Refill();
                if (credit >= tokenUnits)
                {
                    credit -= tokenUnits;
                    return;
                }

                wait = TimeUntilAvailableLocked();
            }

            await Task.Delay(wait, time, cancellationToken);
        }
    }

    private TimeSpan TimeUntilAvailableLocked()
    {
        var missing = tokenUnits - credit;
        return missing <= 0 ? TimeSpan.Zero : TimeSpan.FromTicks((missing + tokensPerPeriod - 1) / tokensPerPeriod);
    }

    private void Refill()
    {
        var now = time.GetTimestamp();
        var elapsed = time.GetElapsedTime(lastTimestamp, now).Ticks;
        lastTimestamp = now;
        if (elapsed <= 0)
        {
            return;
        }

        // Beyond this the bucket is full anyway; clamping keeps the product from overflowing.
        var useful = Math.Min(elapsed, (capacityUnits / tokensPerPeriod) + 1);
        credit = Math.Min(capacityUnits, credit + (useful * tokensPerPeriod));
    }
}
