using System.Text;

namespace StockMonitor.Dashboard.Tests.Browser;

/// <summary>Reads a Server-Sent Events response in the background and keeps its events (name and data).</summary>
public sealed class SseRecorder : IDisposable
{
    private readonly HttpResponseMessage response;
    private readonly CancellationTokenSource stop = new();
    private readonly List<(string Name, string Data)> events = [];
    private readonly Task reading;

    private SseRecorder(HttpResponseMessage response)
    {
        this.response = response;
        reading = Task.Run(ReadAsync);
    }

    public IReadOnlyList<(string Name, string Data)> Events
    {
        get
        {
            lock (events)
            {
                return events.ToList();
            }
        }
    }

    public IReadOnlyList<string> Names => Events.Select(e => e.Name).ToList();

    public static async Task<SseRecorder> OpenAsync(HttpClient http, string path)
    {
        ArgumentNullException.ThrowIfNull(http);
        var response = await http.GetAsync(new Uri(path, UriKind.Relative), HttpCompletionOption.ResponseHeadersRead);
        Assert.True(response.IsSuccessStatusCode, $"GET {path} answered {(int)response.StatusCode}");
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        return new SseRecorder(response);
    }

    public void Dispose()
    {
        stop.Cancel();
        response.Dispose();
        try
        {
            reading.Wait(TimeSpan.FromSeconds(5));
        }
        catch (AggregateException)
        {
            // The read ends with the response.
        }

        stop.Dispose();
    }

    private async Task ReadAsync()
    {
        try
        {
            using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(stop.Token));
            string? name = null;
            var data = new StringBuilder();
            while (await reader.ReadLineAsync(stop.Token) is { } line)
            {
                if (line.StartsWith("event: ", StringComparison.Ordinal))
                {
                    name = line["event: ".Length..];
                }
                else if (line.StartsWith("data: ", StringComparison.Ordinal))
                {
                    data.Append(line["data: ".Length..]);
                }
                else if (line.Length == 0 && name is not null)
                {
                    lock (events)
                    {
                        events.Add((name, data.ToString()));
                    }

                    (name, data) = (null, new StringBuilder());
                }
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or IOException or ObjectDisposedException)
        {
            // Stopped.
        }
    }
}
