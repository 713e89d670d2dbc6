using System.Text.Json;
using CheapTokens.Core.Payments.X402;

namespace CheapTokens.Blazor.Payments.X402;

/// <summary>The body of a facilitator's <c>/verify</c> and <c>/settle</c>, as x402's <c>useFacilitator</c> sends it.</summary>
public sealed record FacilitatorRequest(int X402Version, JsonElement PaymentPayload, JsonElement PaymentRequirements);

/// <summary>A facilitator's answer to <c>/verify</c> (x402's <c>VerifyResponse</c>).</summary>
public sealed record FacilitatorVerification(bool IsValid, string? InvalidReason, string? Payer);

/// <summary>The stand-in's refund: a transfer back from the store's address to the payer.</summary>
public sealed record FacilitatorRefundRequest(string Network, string From, string To, string Value, string IdempotencyKey);

public sealed record FacilitatorRefundReply(string Transaction);

public static class FacilitatorWire
{
    /// <summary>The decoded payment as the client wrote it: what the facilitator is handed to settle.</summary>
    public static PaymentPayload PayloadOf(X402Payment payment) => new()
    {
        X402Version = X402Protocol.Version,
        Scheme = payment.Scheme,
        Network = payment.Network,
        Payload = new ExactEvmPayload
        {
            Signature = payment.Signature,
            Authorization = new ExactEvmAuthorization
            {
                From = payment.Authorization.From,
                To = payment.Authorization.To,
                Value = payment.Authorization.Value.ToString(System.Globalization.CultureInfo.InvariantCulture),
                ValidAfter = payment.Authorization.ValidAfter.ToString(System.Globalization.CultureInfo.InvariantCulture),
                ValidBefore = payment.Authorization.ValidBefore.ToString(System.Globalization.CultureInfo.InvariantCulture),
                Nonce = payment.Authorization.Nonce,
            },
        },
    };
}
