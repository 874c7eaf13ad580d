using StockMonitor.Bridge.Api;
using StockMonitor.Bridge.Extensions;
using StockMonitor.ServiceDefaults;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddApplicationServices();

var app = builder.Build();
app.MapDefaultEndpoints();
app.MapBridgeApi();
app.Run();

/// <summary>Entry point; public so tests can host the service.</summary>
public partial class Program;
