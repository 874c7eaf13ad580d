using Microsoft.Playwright;

namespace StockMonitor.Dashboard.Tests.Browser;

/// <summary>A page in its own browser context, with every console error and uncaught exception it produced.</summary>
public sealed class PageUnderTest : IAsyncDisposable
{
    private readonly IBrowserContext context;
    private readonly List<string> errors = [];

    public PageUnderTest(IBrowserContext context, IPage page)
    {
        (this.context, Page) = (context, page);
        page.Console += (_, message) =>
        {
            if (message.Type == "error")
            {
                lock (errors)
                {
                    errors.Add($"console: {message.Text} ({message.Location})");
                }
            }
        };
        page.PageError += (_, error) =>
        {
            lock (errors)
            {
                errors.Add($"uncaught: {error}");
            }
        };
    }

    public IPage Page { get; }

    /// <summary>The connection badge in the header (its data-state: connecting, live, reconnecting, stale).</summary>
    public ILocator Connection => Page.Locator("#connection");

    public IReadOnlyList<string> Errors
    {
        get
        {
            lock (errors)
            {
                return errors.ToList();
            }
        }
    }

    public Task WaitLiveAsync() => Assertions.Expect(Connection).ToHaveAttributeAsync("data-state", "live", new() { Timeout = 15_000 });

    public void AssertNoErrors() => Assert.True(Errors.Count == 0, "The page logged errors:" + Environment.NewLine + string.Join(Environment.NewLine, Errors));

    public async Task ScreenshotAsync(string name)
    {
        Directory.CreateDirectory(RunningSystem.ScreenshotDirectory);
        await Page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(RunningSystem.ScreenshotDirectory, name + ".png"), FullPage = true });
    }

    public async ValueTask DisposeAsync() => await context.DisposeAsync();
}
