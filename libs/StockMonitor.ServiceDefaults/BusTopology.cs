using MassTransit;

namespace StockMonitor.ServiceDefaults;

/// <summary>Naming of the bus entities, shared by the services and by test buses that must meet them.</summary>
public static class BusTopology
{
    /// <summary>
    /// Queues named in kebab case after the service and its consumer (<c>pricing-quote-received</c>), behind an
    /// optional environment prefix. The service is part of the name so that two services whose consumers share a
    /// class name never share a queue (they would split the messages between them).
    /// </summary>
    public static IEndpointNameFormatter EndpointNames(string? prefix, string service) =>
        new KebabCaseEndpointNameFormatter(string.IsNullOrEmpty(prefix) ? service : $"{prefix}-{service}", includeNamespace: false);

    /// <summary>The short name of a service from its application name: <c>StockMonitor.Pricing</c> → <c>pricing</c>.</summary>
    public static string ServiceName(string applicationName)
    {
        ArgumentException.ThrowIfNullOrEmpty(applicationName);
        return applicationName.Split('.')[^1].ToLowerInvariant();
    }

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
