using System.Net;
using System.Threading.RateLimiting;
using CheapTokens.Blazor.Configuration;
using CheapTokens.Blazor.Http;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace CheapTokens.Blazor.Security;

/// <summary>The "RateLimits" configuration section: requests per client IP per minute, per kind of request.</summary>
public sealed class RateLimitOptions
{
    public const string SectionName = "RateLimits";

    public bool Enabled { get; set; } = true;
    public int QuotesPerMinute { get; set; } = 30;
    public int OrdersPerMinute { get; set; } = 10;
    public int OrderLookupsPerMinute { get; set; } = 120;
    public int HubConnectionsPerMinute { get; set; } = 30;

    /// <summary>Stripe webhook deliveries per sending address per minute; Stripe retries a refused one later.</summary>
    public int WebhooksPerMinute { get; set; } = 600;

    /// <summary>Declined payments one quote may have before its payments are refused for the hour.</summary>
    public int FailedPaymentsPerQuote { get; set; } = 3;

    /// <summary>Declined payments one client IP may have per hour before its payments are refused.</summary>
    public int FailedPaymentsPerHour { get; set; } = 10;

    /// <summary>Proxies whose X-Forwarded-For is believed; from anyone else the header is ignored.</summary>
    public List<string> TrustedProxies { get; set; } = [];

    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        foreach (var (name, value) in new[]
                 {
                     (nameof(QuotesPerMinute), QuotesPerMinute), (nameof(OrdersPerMinute), OrdersPerMinute),
                     (nameof(OrderLookupsPerMinute), OrderLookupsPerMinute), (nameof(HubConnectionsPerMinute), HubConnectionsPerMinute),
                     (nameof(WebhooksPerMinute), WebhooksPerMinute),
                     (nameof(FailedPaymentsPerQuote), FailedPaymentsPerQuote), (nameof(FailedPaymentsPerHour), FailedPaymentsPerHour),
                 })
        {
            if (value is < 1 or > 1_000_000) errors.Add($"{SectionName}:{name} must be between 1 and 1000000.");
        }
        for (var i = 0; i < TrustedProxies.Count; i++)
        {
            if (!IPAddress.TryParse(TrustedProxies[i], out _)) errors.Add($"{SectionName}:TrustedProxies:{i} must be an IP address.");
        }
        return errors;
    }
}

/// <summary>
/// Per-IP limits with ASP.NET Core's rate limiter: a refused request gets 429 problem+json with Retry-After.
/// The stand-ins and the pages are not limited; only the routes that name a policy are (and, through
/// <see cref="ConnectionLimits"/>, open connections).
/// </summary>
public static class RateLimits
{
    public const string Quotes = "quotes";
    public const string Orders = "orders";
    public const string OrderLookups = "order-lookups";
    public const string HubConnections = "hub-connections";
    public const string Webhooks = "webhooks";

    private static readonly TimeSpan Window = TimeSpan.FromMinutes(1);

    public static IServiceCollection AddRateLimits(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddValidatedOptions<RateLimitOptions>(configuration.GetSection(RateLimitOptions.SectionName), o => o.Validate());
        services.AddSingleton<FailedPaymentLimits>();
        services.AddOptions<ForwardedHeadersOptions>().Configure<IOptions<RateLimitOptions>>((forwarded, limits) =>
        {
            forwarded.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
            forwarded.KnownProxies.Clear();
            forwarded.KnownIPNetworks.Clear();
            foreach (var proxy in limits.Value.TrustedProxies) forwarded.KnownProxies.Add(IPAddress.Parse(proxy));
        });

        services.AddRateLimiter(options =>
        {
            options.OnRejected = WriteTooManyRequestsAsync;
            options.AddPolicy(Quotes, context => PerClientIp(context, o => o.QuotesPerMinute));
            options.AddPolicy(Orders, context => PerClientIp(context, o => o.OrdersPerMinute));
            options.AddPolicy(OrderLookups, context => PerClientIp(context, o => o.OrderLookupsPerMinute));
            options.AddPolicy(HubConnections, context => PerClientIp(context, o => o.HubConnectionsPerMinute));
            options.AddPolicy(Webhooks, context => PerClientIp(context, o => o.WebhooksPerMinute));
        });
        return services;
    }

    /// <summary>
    /// The client's address and scheme as a trusted proxy reports them (X-Forwarded-For / X-Forwarded-Proto); from
    /// anyone else those headers are ignored. First in the pipeline: HSTS, HTTPS redirection, limits and cookies'
    /// Secure flag all depend on it.
    /// </summary>
    public static IApplicationBuilder UseTrustedForwardedHeaders(this IApplicationBuilder app) =>
        app.ApplicationServices.GetRequiredService<IOptions<RateLimitOptions>>().Value.TrustedProxies.Count > 0 ? app.UseForwardedHeaders() : app;

    public static IApplicationBuilder UseRateLimits(this IApplicationBuilder app) => app.UseRateLimiter();

    private static RateLimitPartition<string> PerClientIp(HttpContext context, Func<RateLimitOptions, int> permitsPerMinute)
    {
        var options = context.RequestServices.GetRequiredService<IOptions<RateLimitOptions>>().Value;
        var clientIp = context.Connection.RemoteIpAddress?.ToString() ?? "unknown";
        if (!options.Enabled) return RateLimitPartition.GetNoLimiter(clientIp);
        var permits = permitsPerMinute(options);
        return RateLimitPartition.GetFixedWindowLimiter(clientIp, _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = permits,
            Window = Window,
            QueueLimit = 0,
        });
    }

    private static async ValueTask WriteTooManyRequestsAsync(OnRejectedContext rejected, CancellationToken cancellationToken)
    {
        var retryAfter = rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : Window;
        var reason = ConnectionLimits.IsConnection(rejected.HttpContext) ? "Too many requests or open connections from your address" : "Too many requests from your address";
        rejected.HttpContext.RequestServices.GetService<Telemetry.StoreMetrics>()?.RateLimited(rejected.HttpContext.GetEndpoint()?.Metadata.GetMetadata<EnableRateLimitingAttribute>()?.PolicyName);
        await TooManyRequests(rejected.HttpContext.Response, retryAfter, reason).ExecuteAsync(rejected.HttpContext);
    }

    /// <summary>429 problem (code rate_limited) with Retry-After in whole seconds, at least one.</summary>
    public static IResult TooManyRequests(HttpResponse response, TimeSpan retryAfter, string reason)
    {
        var seconds = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds));
        response.Headers.RetryAfter = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return Results.Problem(statusCode: StatusCodes.Status429TooManyRequests, title: "Too many requests",
            detail: $"{reason}; try again in {seconds} s.",
            extensions: new Dictionary<string, object?> { [ProblemCodes.Field] = ProblemCodes.RateLimited, ["retryAfterSeconds"] = seconds });
    }
}
