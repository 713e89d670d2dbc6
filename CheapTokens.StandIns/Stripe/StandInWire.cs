using System.Text.Json.Nodes;

namespace CheapTokens.StandIns.Stripe;

/// <summary>An answer of the stand-in: status and Stripe-shaped JSON body, and whether it is saved under its idempotency key.</summary>
public sealed record StandInReply(int StatusCode, string Body, bool Save = true, bool ShouldRetry = false)
{
    public static StandInReply Ok(JsonNode body) => new(200, body.ToJsonString());

    /// <summary>Stripe's error shape: <c>{"error": {"type", "code", "decline_code", "message"}}</c>.</summary>
    public static StandInReply Error(int status, string type, string? code, string message, string? declineCode = null,
        JsonNode? paymentIntent = null, bool save = true, bool shouldRetry = false)
    {
        var error = new JsonObject
        {
            ["type"] = type,
            ["code"] = code,
            ["decline_code"] = declineCode,
            ["message"] = message,
        };
        if (paymentIntent is not null) error["payment_intent"] = paymentIntent;
        return new StandInReply(status, new JsonObject { ["error"] = error }.ToJsonString(), save, shouldRetry);
    }

    /// <summary>A parameter problem: refused before anything is done, so not saved under the idempotency key (as Stripe).</summary>
    public static StandInReply Invalid(string? code, string message, string? param = null)
    {
        var reply = Error(400, "invalid_request_error", code, message, save: false);
        if (param is null) return reply;
        var body = JsonNode.Parse(reply.Body)!;
        body["error"]!["param"] = param;
        return reply with { Body = body.ToJsonString() };
    }

    public static StandInReply NotFound(string kind, string id) =>
        Error(404, "invalid_request_error", "resource_missing", $"No such {kind}: '{Truncate(id)}'", save: false);

    private static string Truncate(string value) => value.Length <= 64 ? value : value[..64] + "...";
}

/// <summary>How the stand-in writes Stripe objects.</summary>
public static class StandInObjects
{
    public static JsonObject PaymentIntent(StandInPaymentIntent intent)
    {
        var body = new JsonObject
        {
            ["id"] = intent.Id,
            ["object"] = "payment_intent",
            ["amount"] = intent.Amount,
            ["amount_received"] = intent.AmountReceived,
            ["capture_method"] = "automatic",
            ["client_secret"] = intent.ClientSecret,
            ["confirmation_method"] = "automatic",
            ["created"] = intent.CreatedAt.ToUnixTimeSeconds(),
            ["currency"] = intent.Currency,
            ["description"] = intent.Description,
            ["last_payment_error"] = intent.LastErrorCode is null
                ? null
                : new JsonObject
                {
                    ["type"] = "card_error",
                    ["code"] = intent.LastErrorCode,
                    ["decline_code"] = intent.LastErrorDeclineCode,
                    ["message"] = intent.LastErrorMessage,
                },
            ["latest_charge"] = intent.LatestCharge,
            ["livemode"] = false,
            ["metadata"] = JsonNode.Parse(intent.MetadataJson),
            ["payment_method"] = intent.PaymentMethod,
            ["payment_method_types"] = new JsonArray("card"),
            ["status"] = intent.Status,
        };
        return body;
    }

    public static JsonObject Charge(StandInPaymentIntent intent) => new()
    {
        ["id"] = intent.LatestCharge,
        ["object"] = "charge",
        ["amount"] = intent.Amount,
        ["amount_captured"] = intent.AmountReceived,
        ["amount_refunded"] = intent.AmountRefunded,
        ["captured"] = true,
        ["created"] = intent.CreatedAt.ToUnixTimeSeconds(),
        ["currency"] = intent.Currency,
        ["livemode"] = false,
        ["metadata"] = JsonNode.Parse(intent.MetadataJson),
        ["paid"] = true,
        ["payment_intent"] = intent.Id,
        ["refunded"] = intent.AmountRefunded >= intent.AmountReceived,
        ["status"] = "succeeded",
    };

    public static JsonObject Refund(StandInRefund refund) => new()
    {
        ["id"] = refund.Id,
        ["object"] = "refund",
        ["amount"] = refund.Amount,
        ["charge"] = refund.ChargeId,
        ["created"] = refund.CreatedAt.ToUnixTimeSeconds(),
        ["currency"] = "usd",
        ["metadata"] = JsonNode.Parse(refund.MetadataJson),
        ["payment_intent"] = refund.PaymentIntentId,
        ["status"] = refund.Status,
    };
}
