using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;
using StockMonitor.Auth;
using StockMonitor.Portfolio.Idempotency;

namespace StockMonitor.Portfolio.Apis;

/// <summary>
/// What the OpenAPI document (<c>/openapi/v1.json</c>) says beyond what the endpoints declare: the JWT bearer scheme and
/// each operation's scopes, decimals as <c>format: decimal</c> (so generators map them to decimal, never to a binary
/// float), a request example per command, the <c>If-Match</c> / <c>Idempotency-Key</c> headers where their filters
/// run, and the <c>ETag</c> every command answers.
/// </summary>
public static class PortfolioOpenApi
{
    public const string SchemeName = "Bearer";

    private static readonly JsonSerializerOptions ExampleJson = new(JsonSerializerDefaults.Web) { DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull };

    public static void Configure(OpenApiOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.AddDocumentTransformer((document, _, _) =>
        {
            document.Components ??= new OpenApiComponents();
            document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
            document.Components.SecuritySchemes[SchemeName] = new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.Http,
                Scheme = "bearer",
                BearerFormat = "JWT",
                Description = $"A JWT whose claim 'scope' holds {Scopes.PortfoliosRead} (queries) and/or {Scopes.PortfoliosWrite} (commands); 'sub' is the owner.",
            };
            return Task.CompletedTask;
        });
        options.AddOperationTransformer((operation, context, _) =>
        {
            var metadata = context.Description.ActionDescriptor.EndpointMetadata;
            var scopes = metadata.OfType<IAuthorizeData>().Select(a => a.Policy).OfType<string>().Where(Scopes.All.Contains).Distinct().ToList();
            if (scopes.Count > 0)
            {
                operation.Security = [new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(SchemeName, context.Document)] = scopes }];
            }

            if (metadata.OfType<IdempotencyKeyFilter>().Any())
            {
                AddHeader(operation, IdempotencyKeyFilter.Header, $"1-{IdempotencyKeyFilter.MaxKeyLength} characters. A retry with the same key, body and path gets the first answer again (header Idempotent-Replayed: true) and changes nothing; the same key on another request is a 422. Keys are remembered for Portfolio:IdempotencyRetention (3 days by default): never retry after that.");
            }

            if (metadata.OfType<IfMatchFilter>().Any())
            {
                AddHeader(operation, "If-Match", "The ETag of an earlier answer (\"3\"): the command runs only on that version of the portfolio, else 412.");
            }

            // Every command answers the portfolio's new version as ETag (the value If-Match takes).
            if (metadata.OfType<IdempotencyKeyFilter>().Any())
            {
                foreach (var success in operation.Responses?.Where(r => r.Key.StartsWith('2')).Select(r => r.Value).OfType<OpenApiResponse>() ?? [])
                {
                    success.Headers ??= new Dictionary<string, IOpenApiHeader>();
                    success.Headers["ETag"] = new OpenApiHeader
                    {
                        Description = "The portfolio's version after the command, e.g. \"4\".",
                        Schema = new OpenApiSchema { Type = JsonSchemaType.String },
                    };
                }
            }

            if (metadata.OfType<CommandExample>().FirstOrDefault() is { } example
                && operation.RequestBody?.Content?.TryGetValue("application/json", out var media) == true)
            {
                media.Example = JsonSerializer.SerializeToNode(example.Body, example.Body.GetType(), ExampleJson);
            }

            return Task.CompletedTask;
        });
        options.AddSchemaTransformer((schema, context, _) =>
        {
            var type = context.JsonTypeInfo.Type;
            if ((Nullable.GetUnderlyingType(type) ?? type) == typeof(decimal))
            {
                // A generator maps number + decimal to System.Decimal (NSwag, Kiota); the default, double, loses digits.
                schema.Format = "decimal";
            }

            return Task.CompletedTask;
        });
    }

    private static void AddHeader(OpenApiOperation operation, string name, string description)
    {
        operation.Parameters ??= [];
        operation.Parameters.Add(new OpenApiParameter
        {
            Name = name,
            In = ParameterLocation.Header,
            Required = false,
            Description = description,
            Schema = new OpenApiSchema { Type = JsonSchemaType.String },
        });
    }
}
