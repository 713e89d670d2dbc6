using CheapTokens.Blazor.Http;
using Microsoft.Extensions.Options;
using Stripe;

namespace CheapTokens.Blazor.Payments.Stripe;

/// <summary>
/// The store's one <see cref="StripeClient"/>: the secret key, <c>apiBase</c> = Payments:Stripe:ApiBase (a path
/// resolved against the app's own address, for the stand-in), and an <see cref="HttpClient"/> from
/// <see cref="IHttpClientFactory"/> wrapped in Stripe.net's <see cref="SystemNetHttpClient"/>, whose own network
/// retries (same idempotency key each time) are the only retries. Built on first use, because the app's own
/// address is known only once it listens.
/// </summary>
public sealed class StripeClientSource(IOptions<StripeOptions> options, IHttpClientFactory httpFactory, AppAddress self)
{
    public const string HttpClientName = "stripe";

    private readonly Lock _gate = new();
    private IStripeClient? _client;

    public IStripeClient Client
    {
        get
        {
            lock (_gate)
            {
                return _client ??= Build();
            }
        }
    }

    private StripeClient Build()
    {
        var stripe = options.Value;
        var apiBase = stripe.UsesStandIn
            ? self.TryResolve(string.IsNullOrWhiteSpace(stripe.ApiBase) ? StripeOptions.StandInPath : stripe.ApiBase.TrimEnd('/'))?.ToString().TrimEnd('/')
              ?? throw new InvalidOperationException("The Stripe stand-in is called at the app's own address, which is not known before the app listens.")
            : stripe.ApiBase.TrimEnd('/');
        var http = new SystemNetHttpClient(httpFactory.CreateClient(HttpClientName), stripe.MaxNetworkRetries, appInfo: null, enableTelemetry: false);
        return new StripeClient(apiKey: stripe.SecretKey, httpClient: http, apiBase: apiBase);
    }
}
