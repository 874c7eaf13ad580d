namespace StockMonitor.Dashboard.Pages;

/// <summary>The page routes: each answers the one page shell (<c>wwwroot/index.html</c>); its script draws the route.</summary>
public static class PagesApi
{
    private static readonly string[] Routes = ["/", "/symbols/{symbol}", "/portfolios", "/portfolios/{id}", "/alerts", "/signin"];

    public static IEndpointRouteBuilder MapPages(this IEndpointRouteBuilder app, IWebHostEnvironment environment)
    {
        ArgumentNullException.ThrowIfNull(environment);
        var shell = Path.Combine(environment.WebRootPath, "index.html");
        foreach (var route in Routes)
        {
            app.MapGet(route, (HttpContext http) =>
            {
                http.Response.Headers.CacheControl = "no-cache";
                return TypedResults.PhysicalFile(shell, "text/html; charset=utf-8");
            }).ExcludeFromDescription().AllowAnonymous();
        }

        return app;
    }

    /// <summary>
    /// Everything the pages load comes from this site: no inline script, no third-party origin (the charting library
    /// is served from <c>/lib</c>), no framing.
    /// </summary>
    public static IApplicationBuilder UseSecurityHeaders(this IApplicationBuilder app) =>
        app.Use((context, next) =>
        {
            var headers = context.Response.Headers;
            headers.ContentSecurityPolicy = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; base-uri 'self'; form-action 'self'";
            headers.XContentTypeOptions = "nosniff";
            headers["Referrer-Policy"] = "same-origin";
            return next(context);
        });
}
