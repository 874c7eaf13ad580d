using StockMonitor.Aws;
using StockMonitor.Ingestion.Publishing;
using StockMonitor.Ingestion.Simulation;

namespace StockMonitor.Ingestion.Extensions;

internal static class Extensions
{
    public static void AddApplicationServices(this IHostApplicationBuilder builder)
    {
        builder.AddAwsClients();

        builder.Services.AddOptions<SymbolOptions>()
            .Configure<IConfiguration>((o, configuration) => o.Symbols = SymbolOptions.Parse(configuration[SymbolOptions.Variable]) ?? o.Symbols)
            .Validate(o => o.Symbols.Count > 0, $"{SymbolOptions.Variable} names no symbol")
            .Validate(o => o.Symbols.All(StockMonitor.Contracts.Quotes.QuoteRecordSerializer.IsValidSymbol), $"{SymbolOptions.Variable} has an invalid symbol (upper case, 1-12 of A-Z 0-9 . - ^)")
            .ValidateOnStart();
        builder.Services.AddOptions<SimulatorOptions>().BindConfiguration(SimulatorOptions.SectionName)
            .Validate(o => o.Interval > TimeSpan.Zero, "Simulator:Interval must be positive")
            .ValidateOnStart();
        builder.Services.AddOptions<ProducerOptions>().BindConfiguration(ProducerOptions.SectionName)
            .Validate(o => o.MaxBatchRecords is > 0 and <= 500, "Producer:MaxBatchRecords must be 1-500")
            .Validate(o => o.BufferCapacity > 0, "Producer:BufferCapacity must be positive")
            .ValidateOnStart();

        builder.Services.AddSingleton<KinesisQuoteProducer>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<KinesisQuoteProducer>());
        builder.Services.AddHostedService<SimulatedFeed>();
    }
}
