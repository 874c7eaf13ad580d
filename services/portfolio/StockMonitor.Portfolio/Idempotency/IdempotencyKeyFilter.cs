using System.Security.Cryptography;
using System.Text;
using StockMonitor.Portfolio.Apis;

namespace StockMonitor.Portfolio.Idempotency;

/// <summary>
/// Handles <c>Idempotency-Key</c> on a command endpoint: checks the key (400), replays the remembered answer of the same
/// key, subject and request, or refuses the key on another request (422); otherwise hands the key to the command
/// (<see cref="KeyOf"/>), which stores its answer in the transaction of its events. The split keeps the guarantee: a
/// retry after a crash finds either the committed record (replay) or nothing at all (the command runs once).
/// The endpoint is also its metadata, so the OpenAPI document lists the header where the filter runs.
/// </summary>
public sealed class IdempotencyKeyFilter : IEndpointFilter
{
    public const string Header = "Idempotency-Key";
    public const int MaxKeyLength = 200;

    private static readonly object ItemKey = new();

    /// <summary>The key the filter accepted for this request, or null when it came without one.</summary>
    public static IdempotencyKey? KeyOf(HttpContext http)
    {
        ArgumentNullException.ThrowIfNull(http);
        return http.Items.TryGetValue(ItemKey, out var key) ? key as IdempotencyKey : null;
    }

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        var http = context.HttpContext;
        if (!http.Request.Headers.TryGetValue(Header, out var values))
        {
            return await next(context);
        }

        var value = values.ToString().Trim();
        if (value.Length is 0 or > MaxKeyLength)
        {
            return TypedResults.Problem(
                title: "Bad Idempotency-Key",
                detail: $"An Idempotency-Key is 1-{MaxKeyLength} characters.",
                statusCode: StatusCodes.Status400BadRequest);
        }

        var key = new IdempotencyKey($"{http.User.Owner()}\n{value}", await HashAsync(http.Request, http.RequestAborted));
        if (await http.RequestServices.GetRequiredService<IdempotencyRecords>().ReplayAsync(http, key, http.RequestAborted) is { } earlier)
        {
            return earlier;
        }

        http.Items[ItemKey] = key;
        return await next(context);
    }

    /// <summary>
    /// The hash of method, path and body. The body was read by model binding before any filter runs: the middleware of
    /// <see cref="PortfoliosApi.UseIdempotencyKeys"/> buffered it so that it can be read again here.
    /// </summary>
    private static async Task<string> HashAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(Encoding.UTF8.GetBytes($"{request.Method} {request.Path}\n"));
        if (!request.Body.CanSeek)
        {
            throw new InvalidOperationException("The body of a request with an Idempotency-Key must be buffered (app.UseIdempotencyKeys()).");
        }

        request.Body.Position = 0;
        var buffer = new byte[8192];
        int read;
        while ((read = await request.Body.ReadAsync(buffer, cancellationToken)) > 0)
        {
            hash.AppendData(buffer, 0, read);
        }

        request.Body.Position = 0;
        return Convert.ToHexString(hash.GetHashAndReset());
    }
}
