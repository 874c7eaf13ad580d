using StockMonitor.Pricing.Quotes;

namespace StockMonitor.Pricing.Tests.Quotes;

public class BarScheduleTests
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan Cycle = TimeSpan.FromMilliseconds(100);
    private static readonly string[] Symbols = Enumerable.Range(0, 100).Select(i => $"SYM{i}").ToArray();

    [Fact]
    public void A_symbol_is_due_once_per_interval_at_the_same_phase()
    {
        var schedule = new BarSchedule(Interval);
        var writes = new List<TimeSpan>();
        for (var now = TimeSpan.Zero; now < TimeSpan.FromSeconds(5); now += TimeSpan.FromMilliseconds(10))
        {
            if (schedule.IsDue("AAPL", now))
            {
                schedule.Written("AAPL", now);
                writes.Add(now);
            }
        }

        Assert.Equal(5, writes.Count);
        Assert.Single(writes.Select(w => w.Ticks % Interval.Ticks).Distinct());
    }

    [Fact]
    public void The_symbols_bar_writes_stay_spread_over_the_interval_after_a_slow_cycle_made_them_all_due_at_once()
    {
        var schedule = new BarSchedule(Interval);
        Assert.DoesNotContain(Symbols, s => schedule.IsDue(s, TimeSpan.Zero));

        // A cycle that took 3 s (state read at a takeover, a DynamoDB pause): every symbol is due and written at once.
        var late = TimeSpan.FromSeconds(3);
        Assert.All(Symbols, s => Assert.True(schedule.IsDue(s, late)));
        Array.ForEach(Symbols, s => schedule.Written(s, late));

        // The next second, in 100 ms cycles: each symbol once, about a tenth of them per cycle — not all in one.
        var perCycle = new List<int>();
        for (var now = late + Cycle; now <= late + Interval; now += Cycle)
        {
            var due = Symbols.Where(s => schedule.IsDue(s, now)).ToList();
            due.ForEach(s => schedule.Written(s, now));
            perCycle.Add(due.Count);
        }

        Assert.Equal(Symbols.Length, perCycle.Sum());
        Assert.True(perCycle.Max() <= 20, $"bar writes per 100 ms cycle: {string.Join(", ", perCycle)}");
    }

    [Fact]
    public void Beyond_the_budget_the_longest_overdue_symbols_go_first_and_the_rest_wait_for_later_cycles()
    {
        var schedule = new BarSchedule(Interval);
        Assert.Empty(schedule.Due(Symbols, TimeSpan.Zero, 10));

        // Two seconds later every symbol is due; ten may be written per cycle.
        var now = TimeSpan.FromSeconds(2);
        var overdue = Symbols.OrderBy(s => schedule.NextSlot(s, TimeSpan.Zero)).ToList();
        var first = schedule.Due(Symbols, now, 10);
        Assert.Equal(overdue.Take(10).ToHashSet(), first);

        var written = new List<string>(first);
        foreach (var symbol in first)
        {
            schedule.Written(symbol, now);
        }

        for (var cycle = 1; cycle < 10; cycle++)
        {
            now += Cycle;
            var due = schedule.Due(Symbols, now, 10);
            Assert.Equal(10, due.Count);
            Assert.DoesNotContain(due, written.Contains);
            foreach (var symbol in due)
            {
                schedule.Written(symbol, now);
            }

            written.AddRange(due);
        }

        Assert.Equal(Symbols.Order(StringComparer.Ordinal), written.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void The_next_slot_is_strictly_after_now_and_within_one_interval()
    {
        var schedule = new BarSchedule(Interval);
        foreach (var now in new[] { TimeSpan.Zero, TimeSpan.FromMilliseconds(1), TimeSpan.FromSeconds(7.3), TimeSpan.FromDays(3) })
        {
            foreach (var symbol in Symbols)
            {
                var next = schedule.NextSlot(symbol, now);
                Assert.InRange(next, now + TimeSpan.FromTicks(1), now + Interval);
                Assert.Equal(schedule.NextSlot(symbol, TimeSpan.Zero).Ticks, next.Ticks % Interval.Ticks);
            }
        }
    }
}
