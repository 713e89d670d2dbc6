using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CheapTokens.Blazor.Http;
using CheapTokens.Core.Payments;

namespace CheapTokens.Blazor.Payments;

/// <summary>
/// Pays through the payment sandbox, a pretend processor whose outcome is chosen by the payment method name (a test
/// tool and an offline fallback). The sandbox is a stand-in this app serves itself, reached over HTTP at the app's own
/// address like any other processor: it keeps its own charges, answers a repeated idempotency key with the first
/// charge or refund, and finds a charge by its order id.
/// </summary>
public sealed class SandboxPaymentProcessor(IHttpClientFactory httpClients, AppAddress app) : IPaymentProcessor
{
    public const string HttpClientName = "payment-sandbox";

    /// <summary>Where the sandbox answers, under the app's own address.</summary>
    public const string BasePath = "/sandbox-sim/v1/";

    public const string Ok = "sandbox_ok";
    public const string Declined = "sandbox_declined";
    public const string InsufficientFunds = "sandbox_insufficient_funds";

    /// <summary>The processor does not answer: nothing is recorded, and asking again with the same key is safe.</summary>
    public const string ProcessorError = "sandbox_error";

    public static readonly IReadOnlyList<string> Methods = [Ok, Declined, InsufficientFunds, ProcessorError];

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public bool AcceptsMethod(string paymentMethod) => Methods.Contains(paymentMethod, StringComparer.Ordinal);

    /// <summary>Every sandbox charge is decided by its method name at once; there is no card form.</summary>
    public bool TakesPaymentInPage => false;

    public decimal MinimumCharge => 0.01m;

    /// <summary>Nothing waits for a buyer here: the charge stays as it was decided.</summary>
    public Task<ProcessorCharge> CancelChargeAsync(string chargeId, CancellationToken cancellationToken) => GetChargeAsync(chargeId, cancellationToken);

    public async Task<ProcessorCharge> CreateChargeAsync(ChargeRequest request, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(request.Amount);
        ArgumentException.ThrowIfNullOrWhiteSpace(request.IdempotencyKey);
        var body = new ChargeWire(request.OrderId, request.Amount, request.PaymentMethod ?? "");
        using var response = await SendAsync(HttpMethod.Post, "charges", body, request.IdempotencyKey, cancellationToken);
        if (response is null || response.StatusCode is HttpStatusCode.ServiceUnavailable || (int)response.StatusCode >= 500)
            return new ProcessorCharge(ChargeState.Unreachable, null, PaymentFailureCode.ProcessorError, "The payment processor is unavailable; try again.");
        return ToCharge(await ReadAsync<ChargeReplyWire>(response, cancellationToken));
    }

    public async Task<ProcessorCharge> GetChargeAsync(string chargeId, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(HttpMethod.Get, "charges/" + Uri.EscapeDataString(chargeId), null, null, cancellationToken)
                             ?? throw new HttpRequestException("The payment sandbox cannot be reached.");
        if (response.StatusCode == HttpStatusCode.NotFound) throw new KeyNotFoundException("The sandbox has no charge with that id.");
        return ToCharge(await ReadAsync<ChargeReplyWire>(response, cancellationToken));
    }

    public async Task<ProcessorCharge?> FindChargeForOrderAsync(Guid orderId, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(HttpMethod.Get, $"charges?orderId={orderId:D}", null, null, cancellationToken)
                             ?? throw new HttpRequestException("The payment sandbox cannot be reached.");
        if (response.StatusCode == HttpStatusCode.NotFound) return null;
        return ToCharge(await ReadAsync<ChargeReplyWire>(response, cancellationToken));
    }

    public async Task<ProcessorRefund> RefundAsync(RefundRequest request, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(request.IdempotencyKey);
        ArgumentException.ThrowIfNullOrWhiteSpace(request.ChargeId);
        using var response = await SendAsync(HttpMethod.Post, "refunds", new RefundWire(request.ChargeId, request.Amount, request.Reason),
            request.IdempotencyKey, cancellationToken);
        if (response is null || (int)response.StatusCode >= 500) return new ProcessorRefund(RefundState.Unreachable, null, "The payment processor is unavailable; try again.");
        if (response.StatusCode == HttpStatusCode.UnprocessableEntity)
            return new ProcessorRefund(RefundState.Failed, null, (await ReadAsync<ProblemWire>(response, cancellationToken, ensureSuccess: false)).Detail);
        var refund = await ReadAsync<RefundReplyWire>(response, cancellationToken);
        return new ProcessorRefund(RefundState.Succeeded, refund.Id, null);
    }

    /// <summary>The sandbox's answer, or null when it cannot be reached (the app not listening yet, or no connection).</summary>
    private async Task<HttpResponseMessage?> SendAsync(HttpMethod method, string path, object? body, string? idempotencyKey, CancellationToken cancellationToken)
    {
        if (app.TryResolve(BasePath + path) is not { } target) return null;
        using var message = new HttpRequestMessage(method, target);
        if (body is not null) message.Content = JsonContent.Create(body, options: Json);
        if (idempotencyKey is not null) message.Headers.Add("Idempotency-Key", idempotencyKey);
        try
        {
            return await httpClients.CreateClient(HttpClientName).SendAsync(message, cancellationToken);
        }
        catch (HttpRequestException)
        {
            return null;
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            // The client's timeout, not the caller's cancellation.
            return null;
        }
    }

    private static async Task<T> ReadAsync<T>(HttpResponseMessage response, CancellationToken cancellationToken, bool ensureSuccess = true)
    {
        if (ensureSuccess && !response.IsSuccessStatusCode)
        {
            var problem = await response.Content.ReadFromJsonAsync<ProblemWire>(Json, cancellationToken);
            throw new InvalidOperationException($"The payment sandbox refused the request ({(int)response.StatusCode}): {problem?.Detail ?? problem?.Title}");
        }
        return await response.Content.ReadFromJsonAsync<T>(Json, cancellationToken)
               ?? throw new InvalidOperationException("The payment sandbox answered with an empty body.");
    }

    private static ProcessorCharge ToCharge(ChargeReplyWire charge) =>
        charge.Succeeded
            ? new ProcessorCharge(ChargeState.Succeeded, charge.Id, null, null)
            : new ProcessorCharge(ChargeState.Failed, charge.Id, PaymentFailureCodes.FromCode(charge.FailureCode), charge.Message);

    private sealed record ChargeWire(Guid OrderId, decimal Amount, string Method);

    private sealed record ChargeReplyWire(string Id, bool Succeeded, string? FailureCode, string? Message);

    private sealed record RefundWire(string ChargeId, decimal Amount, string? Reason);

    private sealed record RefundReplyWire(string Id);

    private sealed record ProblemWire(string? Title, string? Detail);
}
