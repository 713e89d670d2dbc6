using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CheapTokens.Blazor.Http;
using CheapTokens.Core.Payments.X402;
using Microsoft.Extensions.Options;

namespace CheapTokens.Blazor.Payments.X402;

/// <summary>The facilitator did not answer in time, or answered with something other than its JSON: the outcome is unknown.</summary>
public sealed class FacilitatorUnavailableException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>
/// HTTP to the x402 facilitator at Payments:X402:FacilitatorUrl: <c>/verify</c> and <c>/settle</c> as x402
/// facilitators answer them, each call bounded by Payments:X402:FacilitatorTimeoutSeconds. A path is the app's own
/// address (the facilitator stand-in), which also looks a settlement up by nonce and makes refunds.
/// </summary>
public sealed class FacilitatorClient(IHttpClientFactory httpClients, AppAddress app, IOptions<X402Options> options)
{
    public const string HttpClientName = "x402-facilitator";

    public bool IsStandIn => options.Value.UsesStandIn;

    public async Task<FacilitatorVerification> VerifyAsync(string paymentJson, string requirementJson, CancellationToken cancellationToken)
    {
        using var response = await PostAsync("verify", Request(paymentJson, requirementJson), cancellationToken);
        return await ReadAsync<FacilitatorVerification>(response, "verify", cancellationToken);
    }

    /// <summary>The settlement, successful or refused with its reason; throws <see cref="FacilitatorUnavailableException"/> when the outcome is unknown.</summary>
    public async Task<SettlementResponse> SettleAsync(string paymentJson, string requirementJson, CancellationToken cancellationToken)
    {
        using var response = await PostAsync("settle", Request(paymentJson, requirementJson), cancellationToken);
        return await ReadAsync<SettlementResponse>(response, "settle", cancellationToken);
    }

    /// <summary>The stand-in's record of the settlement of <paramref name="nonce"/>; null when it settled none.</summary>
    public async Task<SettlementResponse?> FindSettlementAsync(string nonce, CancellationToken cancellationToken)
    {
        RequireStandIn();
        using var response = await SendAsync(new HttpRequestMessage(HttpMethod.Get, Url("settlements/" + Uri.EscapeDataString(nonce))), cancellationToken);
        if (response.StatusCode == HttpStatusCode.NotFound) return null;
        return await ReadAsync<SettlementResponse>(response, "settlements", cancellationToken);
    }

    /// <summary>The stand-in's transfer back to the payer; the same idempotency key never pays twice.</summary>
    public async Task<FacilitatorRefundReply> RefundAsync(FacilitatorRefundRequest refund, CancellationToken cancellationToken)
    {
        RequireStandIn();
        using var response = await PostAsync("refunds", JsonContent.Create(refund, options: X402Json.Options), cancellationToken);
        return await ReadAsync<FacilitatorRefundReply>(response, "refunds", cancellationToken);
    }

    private void RequireStandIn()
    {
        if (!IsStandIn) throw new InvalidOperationException("Only the facilitator stand-in looks settlements up and makes refunds.");
    }

    private static StringContent Request(string paymentJson, string requirementJson)
    {
        using var payment = JsonDocument.Parse(paymentJson);
        using var requirement = JsonDocument.Parse(requirementJson);
        var body = X402Json.Serialize(new FacilitatorRequest(X402Protocol.Version, payment.RootElement, requirement.RootElement));
        return new StringContent(body, System.Text.Encoding.UTF8, "application/json");
    }

    private Task<HttpResponseMessage> PostAsync(string path, HttpContent content, CancellationToken cancellationToken) =>
        SendAsync(new HttpRequestMessage(HttpMethod.Post, Url(path)) { Content = content }, cancellationToken);

    private Uri Url(string path)
    {
        var configured = options.Value.FacilitatorUrl.TrimEnd('/') + "/" + path;
        if (!IsStandIn) return new Uri(configured);
        return app.TryResolve(configured) ?? throw new FacilitatorUnavailableException("The app is not listening yet, so its facilitator stand-in cannot be reached.");
    }

    private async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        using var _ = request;
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(options.Value.FacilitatorTimeoutSeconds));
        try
        {
            return await httpClients.CreateClient(HttpClientName).SendAsync(request, timeout.Token);
        }
        catch (OperationCanceledException e) when (!cancellationToken.IsCancellationRequested)
        {
            throw new FacilitatorUnavailableException($"The facilitator did not answer within {options.Value.FacilitatorTimeoutSeconds} s.", e);
        }
        catch (HttpRequestException e)
        {
            throw new FacilitatorUnavailableException("The facilitator cannot be reached.", e);
        }
    }

    private static async Task<T> ReadAsync<T>(HttpResponseMessage response, string call, CancellationToken cancellationToken)
    {
        // x402 facilitators answer a refused payment with 200 or 400 and the reason in the body; anything else is no answer.
        if (response.StatusCode is not (HttpStatusCode.OK or HttpStatusCode.BadRequest))
            throw new FacilitatorUnavailableException($"The facilitator's /{call} answered {(int)response.StatusCode}.");
        try
        {
            return await response.Content.ReadFromJsonAsync<T>(X402Json.Options, cancellationToken)
                   ?? throw new FacilitatorUnavailableException($"The facilitator's /{call} answered an empty body.");
        }
        catch (JsonException e)
        {
            throw new FacilitatorUnavailableException($"The facilitator's /{call} answered something other than its JSON.", e);
        }
    }
}
