using MassTransit;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using StockMonitor.Auth;
using StockMonitor.Dashboard.Live;
using StockMonitor.Dashboard.Market;
using StockMonitor.Dashboard.Portfolios;
using StockMonitor.Dashboard.SigningIn;
using StockMonitor.Dashboard.Upstream;
using StockMonitor.ServiceDefaults;

namespace StockMonitor.Dashboard.Extensions;

internal static class Extensions
{
    public static JwtSettings AddApplicationServices(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<DashboardOptions>()
            .BindConfiguration(DashboardOptions.SectionName)
            .Configure<IConfiguration>((o, configuration) =>
            {
                // The variables the tools use name the APIs unless the Dashboard section does.
                if (configuration[$"{DashboardOptions.SectionName}:PricingUrl"] is null && configuration["STOCKMONITOR_PRICING_URL"] is { Length: > 0 } pricing)
                {
                    o.PricingUrl = new Uri(pricing);
                }

                if (configuration[$"{DashboardOptions.SectionName}:PortfolioUrl"] is null && configuration["STOCKMONITOR_PORTFOLIO_URL"] is { Length: > 0 } portfolio)
                {
                    o.PortfolioUrl = new Uri(portfolio);
                }
            })
            .Validate(o => o.PricingUrl.IsAbsoluteUri && o.PortfolioUrl.IsAbsoluteUri, "Dashboard:PricingUrl and Dashboard:PortfolioUrl must be absolute URLs")
            .Validate(o => o.QuoteInterval >= TimeSpan.Zero && o.QuoteInterval <= TimeSpan.FromSeconds(10), "Dashboard:QuoteInterval must be 0-10 s")
            .Validate(o => o.PortfolioInterval > TimeSpan.Zero, "Dashboard:PortfolioInterval must be positive")
            .Validate(o => o.ResyncInterval >= TimeSpan.FromSeconds(1), "Dashboard:ResyncInterval must be at least 1 s")
            .Validate(o => o.HeartbeatInterval > TimeSpan.Zero, "Dashboard:HeartbeatInterval must be positive")
            .Validate(o => o.SparklineStep > TimeSpan.Zero && o.SparklineWindow >= o.SparklineStep, "Dashboard:SparklineStep must be positive and at most Dashboard:SparklineWindow")
            .ValidateOnStart();

        var jwt = builder.AddJwtAuthentication();
        builder.Services.PostConfigure<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme, o =>
        {
            // The stream and the page's requests carry the token in the session cookie (EventSource sends no headers).
            o.SaveToken = true;
            o.Events = new JwtBearerEvents
            {
                OnMessageReceived = context =>
                {
                    if (string.IsNullOrEmpty(context.Request.Headers.Authorization) && context.Request.Cookies.TryGetValue(SessionCookie.Name, out var token))
                    {
                        context.Token = token;
                    }

                    return Task.CompletedTask;
                },
            };
        });

        builder.Services.AddHttpClient<PricingClient>((sp, http) =>
        {
            http.BaseAddress = sp.GetRequiredService<Microsoft.Extensions.Options.IOptions<DashboardOptions>>().Value.PricingUrl;
            http.Timeout = TimeSpan.FromSeconds(10);
        });
        builder.Services.AddHttpClient<PortfolioClient>((sp, http) =>
        {
            http.BaseAddress = sp.GetRequiredService<Microsoft.Extensions.Options.IOptions<DashboardOptions>>().Value.PortfolioUrl;
            http.Timeout = TimeSpan.FromSeconds(10);
        });

        builder.Services.AddSingleton<ViewerRegistry>();
        builder.Services.AddSingleton<MarketBoard>();
        builder.Services.AddSingleton<DashboardMetrics>();
        builder.Services.AddSingleton<MarketLoader>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<MarketLoader>());
        builder.Services.AddHealthChecks().AddCheck<MarketLoader>("pricing-api");

        // Every replica shows every change: each instance has queues of its own that go away with it, instead of
        // shared queues whose messages the replicas would split. What is published while they are gone is read back
        // from the pricing and portfolio APIs when they come back (see MarketLoader and AccountFeed).
        var instance = Guid.NewGuid().ToString("N")[..8];
        builder.AddMessageBus(bus =>
        {
            bus.AddConsumer<PriceChangedConsumer>().Endpoint(e => PerInstance(e, instance));
            bus.AddConsumer<PriceAlertTriggeredConsumer>().Endpoint(e => PerInstance(e, instance));
            bus.AddConsumer<PortfolioChangedConsumer>().Endpoint(e => PerInstance(e, instance));
        });
        builder.Services.AddReceiveEndpointObserver(sp => sp.GetRequiredService<MarketLoader>());
        return jwt;
    }

    private static void PerInstance(IEndpointRegistrationConfigurator endpoint, string instance)
    {
        endpoint.Temporary = true;
        endpoint.InstanceId = instance;
    }
}
