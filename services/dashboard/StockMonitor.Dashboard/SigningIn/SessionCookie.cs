namespace StockMonitor.Dashboard.SigningIn;

/// <summary>
/// The browser keeps the user's bearer token in an HttpOnly, SameSite=Strict cookie, so the page's own requests
/// and its live stream (EventSource cannot send headers) carry it, and page scripts can never read it.
/// </summary>
public static class SessionCookie
{
    public const string Name = "stockmonitor_session";

    public static void Write(HttpContext http, string token, DateTimeOffset expiresAt)
    {
        ArgumentNullException.ThrowIfNull(http);
        http.Response.Cookies.Append(Name, token, new CookieOptions
        {
            HttpOnly = true,
            SameSite = SameSiteMode.Strict,
            Secure = http.Request.IsHttps,
            Path = "/",
            Expires = expiresAt,
            IsEssential = true,
        });
    }

    public static void Delete(HttpContext http)
    {
        ArgumentNullException.ThrowIfNull(http);
        http.Response.Cookies.Delete(Name, new CookieOptions { Path = "/", SameSite = SameSiteMode.Strict, Secure = http.Request.IsHttps, HttpOnly = true });
    }
}
