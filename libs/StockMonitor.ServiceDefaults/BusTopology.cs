using MassTransit;

namespace StockMonitor.ServiceDefaults;

/// <summary>Naming of the bus entities, shared by the services and by test buses that must meet them.</summary>
public static class BusTopology
{
    /// <summary>Queues named in kebab case after their consumer, behind an optional environment prefix.</summary>
    public static IEndpointNameFormatter EndpointNames(string? prefix) => new KebabCaseEndpointNameFormatter(prefix, includeNamespace: false);

    /// <summary>Prefixes exchange names so that several environments can share one broker without seeing each other's messages.</summary>
    public static void UsePrefix(IBusFactoryConfigurator configurator, string? prefix)
    {
        ArgumentNullException.ThrowIfNull(configurator);
        if (!string.IsNullOrEmpty(prefix))
        {
            configurator.MessageTopology.SetEntityNameFormatter(new PrefixEntityNameFormatter(configurator.MessageTopology.EntityNameFormatter, prefix + "."));
        }
    }
}
