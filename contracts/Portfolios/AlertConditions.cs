namespace StockMonitor.Contracts.Portfolios;

/// <summary>The conditions an alert rule can watch.</summary>
public static class AlertConditions
{
    public const string Above = "above";
    public const string Below = "below";
    public const string Move = "move";

    public static bool IsKnown(string? condition) => condition is Above or Below or Move;
}
