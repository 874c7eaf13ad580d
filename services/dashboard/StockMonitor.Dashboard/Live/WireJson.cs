using System.Text.Json;

namespace StockMonitor.Dashboard.Live;

/// <summary>How everything the dashboard sends to a browser is serialized: camelCase, nulls left out.</summary>
public static class WireJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull,
    };

    public static string Serialize<T>(T value) => JsonSerializer.Serialize(value, Options);
}
