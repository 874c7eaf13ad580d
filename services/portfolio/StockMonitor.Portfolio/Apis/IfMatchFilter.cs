using System.Globalization;

namespace StockMonitor.Portfolio.Apis;

/// <summary>
/// Reads <c>If-Match</c> on a command about an existing portfolio: the ETag of an earlier answer (<c>"3"</c>, weak or
/// not) becomes the version the command expects (<see cref="ExpectedVersionOf"/>; a stale one is a 412 when the
/// command appends), <c>*</c> or no header expects nothing, anything else is a 400. The answer's <c>ETag</c> is the
/// new version. The filter is also its metadata, so the OpenAPI document lists the header where the filter runs.
/// </summary>
public sealed class IfMatchFilter : IEndpointFilter
{
    private static readonly object ItemKey = new();

    /// <summary>The version named by <c>If-Match</c>, or null when any version will do.</summary>
    public static long? ExpectedVersionOf(HttpContext http)
    {
        ArgumentNullException.ThrowIfNull(http);
        return http.Items.TryGetValue(ItemKey, out var version) ? version as long? : null;
    }

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        var http = context.HttpContext;
        if (!TryParse(http.Request.Headers.IfMatch.ToString(), out var version))
        {
            return TypedResults.Problem(title: "Bad If-Match", detail: "If-Match takes the ETag of a response, e.g. \"3\".", statusCode: StatusCodes.Status400BadRequest);
        }

        if (version is not null)
        {
            http.Items[ItemKey] = version;
        }

        return await next(context);
    }

    /// <summary>True with null for no header or <c>*</c>, true with the version for <c>"n"</c> or <c>W/"n"</c>, false otherwise.</summary>
    public static bool TryParse(string header, out long? version)
    {
        version = null;
        var value = header?.Trim() ?? "";
        if (value.Length == 0 || value == "*")
        {
            return true;
        }

        if (value.StartsWith("W/", StringComparison.Ordinal))
        {
            value = value[2..];
        }

        if (value.Length > 2 && value[0] == '"' && value[^1] == '"' && long.TryParse(value[1..^1], NumberStyles.None, CultureInfo.InvariantCulture, out var parsed))
        {
            version = parsed;
            return true;
        }

        return false;
    }
}
