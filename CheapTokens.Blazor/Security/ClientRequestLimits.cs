using System.Net;
using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;

namespace CheapTokens.Blazor.Security;

/// <summary>The kinds of buying request limited per client address and minute.</summary>
public enum BuyingRequest { Quote, Order }

/// <summary>
/// Quotes and new orders per client address per minute (RateLimits:QuotesPerMinute, RateLimits:OrdersPerMinute), one
/// count for the HTTP API and the page alike: a buyer's page and a script from the same address share it. Asked by the
/// code that does the work, not by middleware, so that a repeated order (same Idempotency-Key, same parameters) is
/// answered without counting again. ASP.NET Core's fixed-window limiter, in memory per node.
/// </summary>
public sealed class ClientRequestLimits(IOptions<RateLimitOptions> options) : IDisposable
{
    private static readonly TimeSpan Window = TimeSpan.FromMinutes(1);

    private readonly PartitionedRateLimiter<(BuyingRequest Kind, string Address)> _limiter =
        PartitionedRateLimiter.Create<(BuyingRequest Kind, string Address), (BuyingRequest, string)>(request =>
            RateLimitPartition.GetFixedWindowLimiter(request, key => new FixedWindowRateLimiterOptions
            {
                PermitLimit = key.Item1 == BuyingRequest.Quote ? options.Value.QuotesPerMinute : options.Value.OrdersPerMinute,
                Window = Window,
                QueueLimit = 0,
            }));

    /// <summary>Counts one request; null when it may go ahead, else how long until the address may ask again.</summary>
    public TimeSpan? TryAcquire(BuyingRequest kind, IPAddress? clientAddress)
    {
        if (!options.Value.Enabled) return null;
        using var lease = _limiter.AttemptAcquire((kind, FailedPaymentLimits.AddressOf(clientAddress)));
        if (lease.IsAcquired) return null;
        return lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : Window;
    }

    public void Dispose() => _limiter.Dispose();
}
