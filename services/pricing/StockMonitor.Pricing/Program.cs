using StockMonitor.Pricing.Api;
using StockMonitor.Pricing.Extensions;
using StockMonitor.ServiceDefaults;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddApplicationServices();

var app = builder.Build();
app.UseExceptionHandler();
app.UseStatusCodePages();
app.MapOpenApi();
app.MapDefaultEndpoints();
app.MapQuotesApi();
app.Run();

/// <summary>Entry point; public so tests can host the service.</summary>
public partial class Program;
