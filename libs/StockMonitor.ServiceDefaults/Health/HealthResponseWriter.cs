using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace StockMonitor.ServiceDefaults.Health;

/// <summary>Writes health reports as JSON: the status only for the public endpoints, every check for the internal one.</summary>
internal static class HealthResponseWriter
{
    private static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web);

    /// <summary>
    /// <c>{"status": "..."}</c> and nothing else: check names, descriptions and errors tell an outsider what runs where.
    /// What changed is logged instead, with its reason.
    /// </summary>
    public static Task WriteStatusAsync(HttpContext context, HealthReport report)
    {
        context.RequestServices.GetRequiredService<HealthChangeLog>().Observe(report);
        context.Response.ContentType = "application/json";
        return context.Response.WriteAsync(JsonSerializer.Serialize(new { status = report.Status.ToString() }, JsonOptions));
    }

    /// <summary>Overall status and each check with its description (or error message) and data.</summary>
    public static Task WriteDetailsAsync(HttpContext context, HealthReport report)
    {
        context.RequestServices.GetRequiredService<HealthChangeLog>().Observe(report);
        context.Response.ContentType = "application/json";
        var body = new
        {
            status = report.Status.ToString(),
            checks = report.Entries.ToDictionary(
                e => e.Key,
                e => new
                {
                    status = e.Value.Status.ToString(),
                    description = e.Value.Description ?? e.Value.Exception?.Message,
                    error = e.Value.Exception?.Message,
                    data = e.Value.Data.Count == 0 ? null : e.Value.Data,
                }),
        };
        return context.Response.WriteAsync(JsonSerializer.Serialize(body, JsonOptions));
    }
}
