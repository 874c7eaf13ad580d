using StockMonitor.Portfolio.Apis;
using StockMonitor.Portfolio.Extensions;
using StockMonitor.ServiceDefaults;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddApplicationServices();

var app = builder.Build();
app.UseExceptionHandler();
app.UseStatusCodePages();
app.UseAuthentication();
app.UseAuthorization();
app.UseRateLimiter();
app.UseIdempotencyKeys();
app.MapOpenApi().AllowAnonymous();
app.MapDefaultEndpoints();
app.MapPortfoliosApi();
app.Run();

/// <summary>Entry point; public so tests can host the service.</summary>
public partial class Program;
