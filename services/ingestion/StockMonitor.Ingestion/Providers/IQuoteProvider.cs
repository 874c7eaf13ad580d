namespace StockMonitor.Ingestion.Providers;

/// <summary>
/// A source of market data. Enabled providers run side by side under <see cref="ProviderHost"/>; each
/// hands what it gets to <see cref="QuoteIntake"/>, which validates, counts and forwards it to Kinesis.
/// </summary>
public interface IQuoteProvider
{
    /// <summary>Short lower-case name; also the <c>source</c> of the quotes it produces.</summary>
    string Name { get; }

    /// <summary>Whether configuration turns this provider on.</summary>
    bool IsEnabled { get; }

    /// <summary>Runs until <paramref name="cancellationToken"/> is cancelled. Should handle its own transient failures.</summary>
    Task RunAsync(CancellationToken cancellationToken);
}
