using System.Globalization;
using StockMonitor.Contracts.Quotes;

namespace StockMonitor.Portfolio.Apis;

/// <summary>The field rules every command body shares; each failure names the field (ValidationProblem).</summary>
public static class RequestRules
{
    /// <summary>Upper bound of quantities, prices and amounts; anything larger is a typo, not a trade.</summary>
    public const decimal MaxAmount = 1_000_000_000m;

    /// <summary>How far in the future a time may be (clock skew between the caller and us).</summary>
    public static readonly TimeSpan FutureTolerance = TimeSpan.FromMinutes(5);

    /// <summary>The earliest time a movement may be back-dated to.</summary>
    public static readonly DateTimeOffset Earliest = new(1970, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public static string? Symbol(Dictionary<string, string[]> errors, string field, string? value)
    {
        ArgumentNullException.ThrowIfNull(errors);
        var symbol = value?.Trim().ToUpperInvariant();
        if (!QuoteRecordSerializer.IsValidSymbol(symbol))
        {
            errors[field] = ["Required: a symbol of 1-12 of A-Z 0-9 . - ^."];
            return null;
        }

        return symbol;
    }

    /// <summary>Greater than 0 and at most <see cref="MaxAmount"/>.</summary>
    public static decimal Positive(Dictionary<string, string[]> errors, string field, decimal? value, decimal max = MaxAmount)
    {
        ArgumentNullException.ThrowIfNull(errors);
        if (value is not { } v || v <= 0 || v > max)
        {
            errors[field] = [string.Create(CultureInfo.InvariantCulture, $"Required: greater than 0 and at most {max:0.##########}.")];
            return 0m;
        }

        return v;
    }

    /// <summary>Absent (0) or between 0 and <see cref="MaxAmount"/>.</summary>
    public static decimal NonNegative(Dictionary<string, string[]> errors, string field, decimal? value)
    {
        ArgumentNullException.ThrowIfNull(errors);
        if (value is < 0 or > MaxAmount)
        {
            errors[field] = [string.Create(CultureInfo.InvariantCulture, $"Must be between 0 and {MaxAmount:0}.")];
            return 0m;
        }

        return value ?? 0m;
    }

    /// <summary>A time between 1970 and a few minutes from now, in UTC; <paramref name="fallback"/> when absent (null: required).</summary>
    public static DateTimeOffset Time(Dictionary<string, string[]> errors, string field, DateTimeOffset? value, DateTimeOffset now, DateTimeOffset? fallback)
    {
        ArgumentNullException.ThrowIfNull(errors);
        if ((value ?? fallback) is not { } time)
        {
            errors[field] = ["Required: ISO-8601 with an offset, e.g. 2026-11-27T15:30:00Z."];
            return default;
        }

        if (time < Earliest || time > now + FutureTolerance)
        {
            errors[field] = ["Must be after 1970 and not in the future."];
            return default;
        }

        return time.ToUniversalTime();
    }

    public static string? Text(Dictionary<string, string[]> errors, string field, string? value, int maxLength, bool required)
    {
        ArgumentNullException.ThrowIfNull(errors);
        var text = value?.Trim();
        if (string.IsNullOrEmpty(text))
        {
            if (required)
            {
                errors[field] = [$"Required: 1-{maxLength} characters."];
            }

            return null;
        }

        if (text.Length > maxLength)
        {
            errors[field] = [$"At most {maxLength} characters."];
            return null;
        }

        return text;
    }
}
