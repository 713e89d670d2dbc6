using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace CheapTokens.Blazor.Health;

/// <summary>The "Health" configuration section: how the readiness probe looks at the store's outside dependencies.</summary>
public sealed class HealthOptions
{
    public const string SectionName = "Health";

    /// <summary>How long a dependency's last probe answers readiness checks before it is probed again.</summary>
    public int ProbeIntervalSeconds { get; set; } = 30;

    /// <summary>How long one probe may take before the dependency counts as unreachable.</summary>
    public int ProbeTimeoutSeconds { get; set; } = 5;

    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (ProbeIntervalSeconds is < 1 or > 3600) errors.Add($"{SectionName}:{nameof(ProbeIntervalSeconds)} must be between 1 and 3600.");
        if (ProbeTimeoutSeconds is < 1 or > 60) errors.Add($"{SectionName}:{nameof(ProbeTimeoutSeconds)} must be between 1 and 60.");
        return errors;
    }
}

/// <summary>
/// Whether an outside service (Venice, the payment processor) can be reached, as one unauthenticated GET answered with
/// anything below 500, remembered for <see cref="HealthOptions.ProbeIntervalSeconds"/>: a front polling readiness every
/// second costs the dependency one request per interval per node, not one per poll. A stale answer is returned at once
/// while a new probe runs in the background, so a dependency that hangs never makes the readiness answer itself slow;
/// only the very first check waits for its probe. A change of state is logged once.
/// </summary>
public sealed class ReachabilityProbe(IHttpClientFactory httpFactory, TimeProvider clock, IOptions<HealthOptions> options, ILogger<ReachabilityProbe> logger)
{
    public const string HttpClientName = "health-probe";

    private readonly Lock _gate = new();
    private readonly Dictionary<string, Entry> _entries = new(StringComparer.Ordinal);

    private sealed class Entry
    {
        public HealthCheckResult? Result { get; set; }
        public DateTimeOffset CheckedAt { get; set; }
        public Task<HealthCheckResult>? Running { get; set; }
    }

    /// <param name="name">The dependency, as the readiness answer and the log name it.</param>
    /// <param name="target">What to GET; null when its address is not known (yet).</param>
    public async Task<HealthCheckResult> CheckAsync(string name, Uri? target, CancellationToken cancellationToken)
    {
        Task<HealthCheckResult> running;
        lock (_gate)
        {
            if (!_entries.TryGetValue(name, out var entry)) _entries[name] = entry = new Entry();
            var fresh = entry.Result is not null && clock.GetUtcNow() - entry.CheckedAt < TimeSpan.FromSeconds(options.Value.ProbeIntervalSeconds);
            if (fresh) return entry.Result!.Value;
            running = entry.Running ??= ProbeAndRememberAsync(name, target, entry);
            if (entry.Result is { } stale) return stale;
        }
        return await running.WaitAsync(cancellationToken);
    }

    private async Task<HealthCheckResult> ProbeAndRememberAsync(string name, Uri? target, Entry entry)
    {
        // Off the caller's thread and its cancellation: other checks share this probe.
        await Task.Yield();
        var result = await ProbeAsync(name, target);
        lock (_gate)
        {
            if (entry.Result?.Status != result.Status)
            {
                if (result.Status == HealthStatus.Healthy && entry.Result is not null) logger.LogInformation("{Dependency} can be reached again", name);
                else if (result.Status != HealthStatus.Healthy) logger.LogWarning("{Dependency} is degraded: {Reason}", name, result.Description);
            }
            entry.Result = result;
            entry.CheckedAt = clock.GetUtcNow();
            entry.Running = null;
        }
        return result;
    }

    private async Task<HealthCheckResult> ProbeAsync(string name, Uri? target)
    {
        if (target is null) return HealthCheckResult.Degraded($"{name}'s address is not known yet.");
        try
        {
            using var http = httpFactory.CreateClient(HttpClientName);
            http.Timeout = TimeSpan.FromSeconds(options.Value.ProbeTimeoutSeconds);
            using var response = await http.GetAsync(target, HttpCompletionOption.ResponseHeadersRead);
            var status = (int)response.StatusCode;
            return status < 500 ? HealthCheckResult.Healthy() : HealthCheckResult.Degraded($"{name} answered {status}.");
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            return HealthCheckResult.Degraded(e is TaskCanceledException
                ? $"{name} did not answer within {options.Value.ProbeTimeoutSeconds} s."
                : $"{name} cannot be reached ({e.Message}).");
        }
    }
}
