using Microsoft.Extensions.Options;
using Stripe;

namespace CheapTokens.Blazor.Payments.Stripe;

/// <summary>
/// Stripe.net retries a 429 only when Stripe says <c>Stripe-Should-Retry: true</c>; Stripe asks clients to back off
/// and retry every 429, so a 429 without the header gets it here and the library's retry loop (same key) covers it.
/// </summary>
public sealed class RetryTooManyRequestsHandler : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var response = await base.SendAsync(request, cancellationToken);
        if ((int)response.StatusCode == 429 && !response.Headers.Contains("Stripe-Should-Retry"))
            response.Headers.TryAddWithoutValidation("Stripe-Should-Retry", "true");
        return response;
    }
}
