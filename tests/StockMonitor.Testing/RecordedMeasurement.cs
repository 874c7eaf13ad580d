namespace StockMonitor.Testing;

/// <summary>
/// One measurement a <see cref="MeterRecorder"/> saw: the scope of the meter that made it (for a meter created by an
/// <see cref="System.Diagnostics.Metrics.IMeterFactory"/>, that factory), the instrument, the value and its tags.
/// </summary>
public sealed record RecordedMeasurement(object? Scope, string Instrument, long Value, IReadOnlyDictionary<string, string?> Tags)
{
    /// <summary>The value of tag <paramref name="name"/>, or null when the measurement has no such tag.</summary>
    public string? this[string name] => Tags.GetValueOrDefault(name);
}
