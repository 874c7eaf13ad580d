using System.Globalization;

namespace StockMonitor.Infra;

/// <summary>Construct ids from service names.</summary>
internal static class InfraNames
{
    /// <summary><c>ingestion</c> → <c>Ingestion</c>.</summary>
    public static string Pascal(string name) => char.ToUpper(name[0], CultureInfo.InvariantCulture) + name[1..];
}
