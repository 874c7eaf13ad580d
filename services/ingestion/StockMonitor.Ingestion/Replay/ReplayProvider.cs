using System.Globalization;
using Microsoft.Extensions.Options;
using StockMonitor.Ingestion.Providers;

namespace StockMonitor.Ingestion.Replay;

/// <summary>
/// Replays a CSV of historical ticks or bars (<see cref="ReplayCsv"/>) at a speed factor, for demos and load:
/// row i is emitted at start + (tᵢ − t₀) / speed. Times are shifted so the replay looks live, unless
/// <see cref="ReplayOptions.ShiftToNow"/> is off.
/// </summary>
public sealed partial class ReplayProvider(QuoteIntake intake, IOptions<ReplayOptions> options, TimeProvider time, ILogger<ReplayProvider> logger) : IQuoteProvider
{
    public string Name => "replay";

    public bool IsEnabled => !string.IsNullOrWhiteSpace(options.Value.File);

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var pass = 0;
        var shift = TimeSpan.Zero;
        do
        {
            pass++;
            var (emitted, first, last) = await ReplayOnceAsync(settings, shift, cancellationToken);
            LogPassDone(pass, emitted, settings.File!);
            if (first is null || last is null)
            {
                return; // nothing usable in the file: looping would spin
            }

            // The next pass continues where this one ended, one second later, so times keep moving forward.
            shift += last.Value - first.Value + TimeSpan.FromSeconds(1);
        }
        while (settings.Loop);
    }

    private async Task<(int Emitted, DateTimeOffset? First, DateTimeOffset? Last)> ReplayOnceAsync(ReplayOptions settings, TimeSpan loopShift, CancellationToken cancellationToken)
    {
        using var reader = new StreamReader(settings.File!);
        var startedAt = time.GetUtcNow();
        DateTimeOffset? first = null;
        DateTimeOffset? last = null;
        var emitted = 0;
        await foreach (var row in ReplayCsv.ReadAsync(reader, Name, cancellationToken))
        {
            if (row.Quote is not { } quote)
            {
                intake.Failed(Name, null, FailureReason.MalformedResponse, string.Create(CultureInfo.InvariantCulture, $"{settings.File} line {row.Line}: {row.Error}"));
                continue;
            }

            intake.Fetched(Name);
            first ??= quote.ObservedAt;
            last = quote.ObservedAt;
            if (settings.Speed > 0)
            {
                var wait = DueAt(startedAt, first.Value, quote.ObservedAt, settings.Speed) - time.GetUtcNow();
                if (wait > TimeSpan.Zero)
                {
                    await Task.Delay(wait, time, cancellationToken);
                }
            }

            // Shifted: the pass looks live (each pass starts now). Not shifted: recorded times, moved on by whole passes.
            var shift = settings.ShiftToNow ? startedAt - first.Value : loopShift;
            if (await intake.EmitAsync(Name, quote with { ObservedAt = quote.ObservedAt + shift }, cancellationToken))
            {
                emitted++;
            }
        }

        return (emitted, first, last);
    }

    /// <summary>When a row recorded at <paramref name="recordedAt"/> is due: start + (tᵢ − t₀) / speed.</summary>
    public static DateTimeOffset DueAt(DateTimeOffset startedAt, DateTimeOffset firstRecordedAt, DateTimeOffset recordedAt, double speed) =>
        startedAt + ((recordedAt - firstRecordedAt) / speed);

    [LoggerMessage(Level = LogLevel.Information, Message = "Replay pass {Pass}: {Count} quotes from {File}")]
    private partial void LogPassDone(int pass, int count, string file);
}
