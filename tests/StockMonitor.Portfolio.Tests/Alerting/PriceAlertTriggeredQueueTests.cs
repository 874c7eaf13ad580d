using StockMonitor.Portfolio.Alerting;
using StockMonitor.ServiceDefaults;

namespace StockMonitor.Portfolio.Tests.Alerting;

/// <summary>
/// The firings' queue keeps its name: a durable queue that a rename would leave behind, with whatever firings it
/// still holds, while a new one takes its place.
/// </summary>
public class PriceAlertTriggeredQueueTests
{
    [Fact]
    public void Queue_of_the_firings_is_named_after_the_service_and_the_message()
    {
        var names = BusTopology.EndpointNames(prefix: null, BusTopology.ServiceName(typeof(PriceAlertTriggeredConsumer).Assembly.GetName().Name!));

        Assert.Equal("portfolio-price-alert-triggered", names.Consumer<PriceAlertTriggeredConsumer>());
    }
}
