using MassTransit;
using StockMonitor.Aws;
using StockMonitor.Contracts.Quotes;
using StockMonitor.Ingestion.AlphaVantage;
using StockMonitor.Ingestion.Finnhub;
using StockMonitor.Ingestion.Providers;
using StockMonitor.Ingestion.Publishing;
using StockMonitor.Ingestion.Replay;
using StockMonitor.Ingestion.Simulation;
using StockMonitor.Ingestion.Symbols;
using StockMonitor.ServiceDefaults;
using StockMonitor.ServiceDefaults.Health;

namespace StockMonitor.Ingestion.Extensions;

internal static class Extensions
{
    public static void AddApplicationServices(this IHostApplicationBuilder builder)
    {
        builder.AddAwsClients();
        builder.AddMessageBus(bus => bus.AddConsumer<PortfolioSymbolsChangedConsumer>());

        builder.Services.AddOptions<SymbolOptions>()
            .Configure<IConfiguration>((o, configuration) => o.Symbols = SymbolOptions.Parse(configuration[SymbolOptions.Variable]) ?? o.Symbols)
            .Validate(o => o.Symbols.All(QuoteValidation.IsValidSymbol), $"{SymbolOptions.Variable} has an invalid symbol (upper case, 1-12 of A-Z 0-9 . - ^)")
            .ValidateOnStart();
        builder.Services.AddOptions<ProducerOptions>().BindConfiguration(ProducerOptions.SectionName)
            .Validate(o => o.MaxBatchRecords is > 0 and <= 500, "Producer:MaxBatchRecords must be 1-500")
            .Validate(o => o.MaxBatchBytes is > 0 and <= 5 * 1024 * 1024, "Producer:MaxBatchBytes must be at most 5 MiB")
            .Validate(o => o.Linger >= TimeSpan.Zero && o.Linger <= TimeSpan.FromMilliseconds(100), "Producer:Linger must be 0-100 ms")
            .Validate(o => o.BufferCapacity > 0, "Producer:BufferCapacity must be positive")
            .ValidateOnStart();

        // The producer is registered first so that it stops last and flushes what the providers produced.
        builder.Services.AddSingleton<KinesisQuoteProducer>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<KinesisQuoteProducer>());
        builder.Services.AddHealthChecks()
            .AddCheck<ProducerHealthCheck>("kinesis-producer")
            .AddDependency("kinesis", AwsProbes.KinesisStream(r => r.QuoteStream));

        builder.Services.AddSingleton<IngestionMetrics>();
        builder.Services.AddSingleton<QuoteIntake>();
        builder.Services.AddSingleton(ProviderSelection.FromConfiguration(builder.Configuration));
        builder.Services.AddSingleton<SymbolUniverse>();
        builder.Services.AddSingleton<SymbolUniverseStore>();
        builder.Services.AddHostedService<SymbolUniverseLoader>();

        builder.Services.AddOptions<SimulatorOptions>().BindConfiguration(SimulatorOptions.SectionName)
            .Validate(o => o.Interval > TimeSpan.Zero, "Simulator:Interval must be positive")
            .Validate(o => o.JumpsPerDay >= 0, "Simulator:JumpsPerDay must not be negative")
            .ValidateOnStart();
        builder.Services.AddSingleton<IQuoteProvider, SimulatorProvider>();
        builder.AddAlphaVantage();
        builder.AddFinnhub();

        builder.Services.AddOptions<ReplayOptions>().BindConfiguration(ReplayOptions.SectionName)
            .Validate(o => o.Speed >= 0, "Replay:Speed must not be negative")
            .Validate(o => string.IsNullOrWhiteSpace(o.File) || File.Exists(o.File), "Replay:File does not exist")
            .ValidateOnStart();
        builder.Services.AddSingleton<IQuoteProvider, ReplayProvider>();

        builder.Services.AddHostedService<ProviderHost>();
    }
}
