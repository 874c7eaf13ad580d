using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using StockMonitor.Pricing.Quotes;

namespace StockMonitor.Pricing.Tests.Quotes;

public class PricingMetricsTests
{
    [Fact]
    public void A_recorded_batch_counts_its_finished_quotes_and_the_age_of_each_latest_item_in_seconds()
    {
        // Arrange
        using var services = new ServiceCollection().AddMetrics().BuildServiceProvider();
        var metrics = new PricingMetrics(services.GetRequiredService<IMeterFactory>());
        var recorded = new List<(string Instrument, double Value)>();
        using var listener = Listen(recorded);
        var writtenAt = new DateTimeOffset(2026, 12, 6, 1, 0, 0, TimeSpan.Zero);

        // Act: 5 quotes, 3 of them finished (the others' bars not due yet); latest items observed 2.5 s before and 1 s after
        metrics.BatchRecorded(5, 3, TimeSpan.FromMilliseconds(40), [writtenAt.AddSeconds(-2.5), writtenAt.AddSeconds(1)], writtenAt);

        // Assert
        Assert.Equal([3d], recorded.Where(r => r.Instrument == "stockmonitor.pricing.quotes_recorded").Select(r => r.Value));
        Assert.Equal([5d], recorded.Where(r => r.Instrument == "stockmonitor.pricing.batch_size").Select(r => r.Value));
        Assert.Equal([40d], recorded.Where(r => r.Instrument == "stockmonitor.pricing.batch_duration").Select(r => r.Value));
        // A source clock ahead of ours counts as fresh, never as negative age.
        Assert.Equal([2.5d, 0d], recorded.Where(r => r.Instrument == "stockmonitor.pricing.freshness").Select(r => r.Value));
    }

    private static MeterListener Listen(List<(string Instrument, double Value)> recorded)
    {
        var listener = new MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Meter.Name == PricingMetrics.MeterName)
                {
                    l.EnableMeasurementEvents(instrument);
                }
            },
        };
        listener.SetMeasurementEventCallback<long>((i, v, _, _) => recorded.Add((i.Name, v)));
        listener.SetMeasurementEventCallback<int>((i, v, _, _) => recorded.Add((i.Name, v)));
        listener.SetMeasurementEventCallback<double>((i, v, _, _) => recorded.Add((i.Name, v)));
        listener.Start();
        return listener;
    }
}
