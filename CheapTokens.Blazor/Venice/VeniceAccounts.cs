using CheapTokens.Blazor.Http;
using CheapTokens.Core.Venice;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CheapTokens.Blazor.Venice;

/// <summary>
/// The Venice accounts the store mints on (Venice:Accounts, or the single Venice:AdminKey account) and a key-management
/// client for each. With one account its client is the app's registered <see cref="IVeniceKeyClient"/>.
/// </summary>
public sealed class VeniceAccounts(
    IOptions<VeniceOptions> options,
    IServiceProvider services,
    IHttpClientFactory httpClients,
    AppAddress appAddress,
    TimeProvider time,
    ILoggerFactory loggers)
{
    public const string HttpClientName = "venice-accounts";

    /// <summary>Account names in configured order; the first is the default.</summary>
    public IReadOnlyList<string> Names => options.Value.EffectiveAccounts.Select(a => a.Name).ToList();

    public string DefaultName => Names[0];

    /// <summary>The account's name as configured, or the default account for null or an unknown name (keys recorded before accounts were listed).</summary>
    public string Resolve(string? name) =>
        name is not null && Names.FirstOrDefault(n => string.Equals(n, name, StringComparison.OrdinalIgnoreCase)) is { } known ? known : DefaultName;

    public IVeniceKeyClient ClientFor(string? name)
    {
        var venice = options.Value;
        if (venice.Accounts.Count == 0) return services.GetRequiredService<IVeniceKeyClient>();
        var account = venice.Accounts.First(a => a.Name == Resolve(name));
        var http = httpClients.CreateClient(HttpClientName);
        http.BaseAddress = VeniceBaseAddress.TryResolve(venice, appAddress);
        // Per-attempt timeouts live in the retry pipeline; HttpClient's own would cut retries short.
        http.Timeout = Timeout.InfiniteTimeSpan;
        var perAccount = new VeniceOptions
        {
            BaseUrl = venice.BaseUrl,
            AdminKey = account.AdminKey,
            LimitUnit = venice.LimitUnit,
            TimeoutSeconds = venice.TimeoutSeconds,
            MaxRetries = venice.MaxRetries,
            RetryBaseDelayMs = venice.RetryBaseDelayMs,
            MaxRetryAfterSeconds = venice.MaxRetryAfterSeconds,
            Simulator = venice.Simulator,
        };
        return new VeniceKeyClient(http, perAccount, time, loggers.CreateLogger<VeniceKeyClient>(), services.GetService<IVeniceCallRecorder>());
    }
}
