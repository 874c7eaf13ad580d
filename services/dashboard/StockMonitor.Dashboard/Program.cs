using StockMonitor.Dashboard.Extensions;
using StockMonitor.Dashboard.Live;
using StockMonitor.Dashboard.Market;
using StockMonitor.Dashboard.Pages;
using StockMonitor.Dashboard.SigningIn;
using StockMonitor.ServiceDefaults;

// The pages are served from wwwroot next to the assembly, wherever the process is started from.
var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
builder.AddServiceDefaults();
var jwt = builder.AddApplicationServices();

var app = builder.Build();
app.UseExceptionHandler();
app.UseStatusCodePages();
app.UseSecurityHeaders();
app.UseStaticFiles();
app.UseAuthentication();
app.UseAuthorization();
app.MapDefaultEndpoints();
app.MapPages(app.Environment);
app.MapSessionApi(app.Environment, jwt);
app.MapMarketApi();
app.MapLiveApi();
app.Run();

/// <summary>Entry point; public so tests can host the service.</summary>
public partial class Program;
