using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace StockMonitor.ServiceDefaults.Health;

/// <summary>
/// One dependency's reachability, found by a cheap call under <see cref="HealthOptions.DependencyTimeout"/>. The answer
/// is kept for <see cref="HealthOptions.DependencyCacheFor"/> and probes arriving while a call is out share it, so
/// readiness probes from several sources never hammer the dependency.
/// </summary>
internal sealed class DependencyProbe(string name, Func<IServiceProvider, CancellationToken, Task> call)
{
    private readonly Lock gate = new();
    private Task<HealthCheckResult>? running;
    private (DateTimeOffset At, HealthCheckResult Result)? last;

    public Task<HealthCheckResult> CheckAsync(IServiceProvider services, HealthOptions options, TimeProvider time)
    {
        lock (gate)
        {
            if (last is { } answer && time.GetUtcNow() - answer.At < options.DependencyCacheFor)
            {
                return Task.FromResult(answer.Result);
            }

            if (running is null || running.IsCompleted)
            {
                running = Task.Run(() => CallAsync(services, options, time));
            }

            return running;
        }
    }

    private async Task<HealthCheckResult> CallAsync(IServiceProvider services, HealthOptions options, TimeProvider time)
    {
        HealthCheckResult result;
        using var timeout = new CancellationTokenSource(options.DependencyTimeout, time);
        try
        {
            // WaitAsync too: a client that ignores its token must not hold the probe beyond the timeout.
            await call(services, timeout.Token).WaitAsync(options.DependencyTimeout, time, CancellationToken.None);
            result = HealthCheckResult.Healthy($"{name} answered");
        }
        catch (Exception ex) when (ex is TimeoutException || (ex is OperationCanceledException && timeout.IsCancellationRequested))
        {
            result = HealthCheckResult.Unhealthy($"{name} did not answer within {options.DependencyTimeout.TotalSeconds:0.###} s", ex);
        }
#pragma warning disable CA1031 // Whatever the client throws means the dependency cannot be used: that is the answer.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            result = HealthCheckResult.Unhealthy($"{name} cannot be reached or refused the call", ex);
        }

        lock (gate)
        {
            last = (time.GetUtcNow(), result);
        }

        return result;
    }
}
