using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using CheapTokens.StandIns.Data;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using StripeConfiguration = global::Stripe.StripeConfiguration;

namespace CheapTokens.StandIns.Stripe;

/// <summary>
/// The stand-in's account: payment intents, refunds, idempotency records and the webhook outbox, all in the
/// stand-ins' database (one context per operation), so a restart changes nothing a caller can see. Writes are
/// serialised (idempotency is check-then-write, and events are numbered one after the other): within the process by a
/// gate, and on PostgreSQL, where several nodes share the account, also by a transaction-scoped advisory lock.
/// </summary>
public sealed partial class StripeStandInAccount(
    IDbContextFactory<StandInsDbContext> dbFactory,
    TimeProvider clock,
    IOptions<StripeStandInOptions> options,
    StripeStandInFaults faults,
    StripeStandInOutboxSignal outbox)
{
    public const long MinimumAmount = 50;
    public const long MaximumAmount = 99_999_999;
    private static readonly TimeSpan IdempotencyWindow = TimeSpan.FromHours(24);

    /// <summary>The same on every node ("StrpSimW" in ASCII); only this account's writes take it.</summary>
    private const long WriteLockKey = 0x5374727053696D57;

    private readonly SemaphoreSlim _writeGate = new(1, 1);

    private StripeStandInOptions StandIn => options.Value;

    /// <summary>
    /// Runs a write under its Idempotency-Key as Stripe does: the same key with the same request replays the saved
    /// answer; with another request it is an idempotency_error and nothing is done.
    /// </summary>
    public async Task<StandInReply> WriteAsync(string? idempotencyKey, string fingerprint, Func<StandInsDbContext, Task<StandInReply>> write,
        CancellationToken cancellationToken)
    {
        await _writeGate.WaitAsync(cancellationToken);
        try
        {
            await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
            await using var transaction = db.Database.IsNpgsql() ? await db.Database.BeginTransactionAsync(cancellationToken) : null;
            if (transaction is not null) await db.Database.ExecuteSqlRawAsync($"SELECT pg_advisory_xact_lock({WriteLockKey})", cancellationToken);
            var now = clock.GetUtcNow();
            StandInIdempotencyRecord? stale = null;
            if (idempotencyKey is not null)
            {
                var saved = await db.StandInIdempotencyRecords.FirstOrDefaultAsync(r => r.Key == idempotencyKey, cancellationToken);
                if (saved is not null && saved.CreatedAt > now - IdempotencyWindow)
                {
                    return saved.Fingerprint == fingerprint
                        ? new StandInReply(saved.StatusCode, saved.ResponseBody)
                        : StandInReply.Error(400, "idempotency_error", "idempotency_key_in_use",
                            "Keys for idempotent requests can only be used with the same parameters they were first used with. " +
                            "Try using a key other than the one used for the original request.", save: false);
                }
                stale = saved;
            }

            var reply = await write(db);
            if (idempotencyKey is not null && reply.Save)
            {
                if (stale is not null) db.StandInIdempotencyRecords.Remove(stale);
                db.StandInIdempotencyRecords.Add(new StandInIdempotencyRecord
                {
                    Key = idempotencyKey, Fingerprint = fingerprint, StatusCode = reply.StatusCode, ResponseBody = reply.Body, CreatedAt = now,
                });
            }
            await db.SaveChangesAsync(cancellationToken);
            if (transaction is not null) await transaction.CommitAsync(cancellationToken);
            outbox.Notify();
            return reply;
        }
        finally
        {
            _writeGate.Release();
        }
    }

    /// <summary>POST /v1/payment_intents.</summary>
    public async Task<StandInReply> CreatePaymentIntentAsync(StandInsDbContext db, IFormCollection form, CancellationToken cancellationToken)
    {
        if (UnknownParameter(form, "amount", "currency", "description", "payment_method", "confirm", "automatic_payment_methods[enabled]",
                "automatic_payment_methods[allow_redirects]") is { } unknown) return unknown;
        if (ReadAmount(form, required: true, out var amount) is { } amountError) return amountError;
        var currency = form["currency"].ToString();
        if (currency.Length == 0) return StandInReply.Invalid("parameter_missing", "Missing required param: currency.", "currency");
        if (currency != "usd") return StandInReply.Invalid("parameter_invalid_string", $"The stand-in takes usd only (got '{Short(currency)}').", "currency");
        var description = form["description"].ToString();
        if (description.Length > 1000) return StandInReply.Invalid("parameter_invalid_string", "description must be at most 1000 characters.", "description");
        if (ReadMetadata(form, out var metadata) is { } metadataError) return metadataError;
        if (ReadBoolean(form, "confirm", out var confirm) is { } confirmError) return confirmError;
        var paymentMethod = form["payment_method"].ToString();
        if (paymentMethod.Length > 0 && !StandInTestMethods.IsKnown(paymentMethod))
            return StandInReply.Invalid("resource_missing", $"No such PaymentMethod: '{Short(paymentMethod)}'", "payment_method");
        if (confirm && paymentMethod.Length == 0)
            return StandInReply.Invalid("payment_intent_unexpected_state",
                "You cannot confirm this PaymentIntent because it's missing a payment method.", "payment_method");

        var now = clock.GetUtcNow();
        var intent = new StandInPaymentIntent
        {
            Id = NewId("pi_"),
            Amount = amount!.Value,
            Currency = currency,
            Description = description.Length == 0 ? null : description,
            MetadataJson = metadata.ToJsonString(),
            OrderId = metadata["order_id"]?.GetValue<string>(),
            ClientSecret = "",
            Status = paymentMethod.Length == 0 ? StandInStatus.RequiresPaymentMethod : StandInStatus.RequiresConfirmation,
            PaymentMethod = paymentMethod.Length == 0 ? null : paymentMethod,
            CreatedAt = now,
        };
        intent.ClientSecret = intent.Id + "_secret_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(12));
        db.StandInPaymentIntents.Add(intent);
        if (!confirm) return StandInReply.Ok(StandInObjects.PaymentIntent(intent));
        return await PayAsync(db, intent, StandInTestMethods.OutcomeOf(paymentMethod), cancellationToken);
    }

    /// <summary>
    /// POST /v1/payment_intents/{id}/confirm: server-side with a payment_method, or from the browser (publishable key)
    /// with the client secret and the card typed into the element.
    /// </summary>
    public async Task<StandInReply> ConfirmAsync(StandInsDbContext db, string id, IFormCollection form, bool fromBrowser, CancellationToken cancellationToken)
    {
        var intent = await db.StandInPaymentIntents.FirstOrDefaultAsync(i => i.Id == id, cancellationToken);
        if (fromBrowser)
        {
            if (UnknownParameter(form, "client_secret", "payment_method_data[type]", "payment_method_data[card][number]",
                    "payment_method_data[card][exp_month]", "payment_method_data[card][exp_year]", "payment_method_data[card][cvc]") is { } unknown)
                return unknown;
            // An intent is only visible to a browser holding its client secret.
            if (intent is null || !FixedTimeEquals(form["client_secret"].ToString(), intent.ClientSecret))
                return StandInReply.NotFound("payment_intent", id);
        }
        else
        {
            if (UnknownParameter(form, "payment_method") is { } unknown) return unknown;
            if (intent is null) return StandInReply.NotFound("payment_intent", id);
        }
        if (intent.Status is StandInStatus.Succeeded or StandInStatus.Canceled)
            return StandInReply.Error(400, "invalid_request_error", "payment_intent_unexpected_state",
                $"This PaymentIntent's status is {intent.Status}; it cannot be confirmed.", paymentIntent: StandInObjects.PaymentIntent(intent));

        StandInOutcome outcome;
        if (fromBrowser)
        {
            if (StandInTestMethods.ReadCard(form, clock.GetUtcNow(), out outcome) is { } cardError) return cardError;
            intent.PaymentMethod = NewId("pm_");
        }
        else
        {
            var method = form["payment_method"].ToString();
            if (method.Length > 0)
            {
                if (!StandInTestMethods.IsKnown(method))
                    return StandInReply.Invalid("resource_missing", $"No such PaymentMethod: '{Short(method)}'", "payment_method");
                intent.PaymentMethod = method;
            }
            if (intent.PaymentMethod is null)
                return StandInReply.Invalid("payment_intent_unexpected_state",
                    "You cannot confirm this PaymentIntent because it's missing a payment method.", "payment_method");
            outcome = StandInTestMethods.OutcomeOf(intent.PaymentMethod);
        }
        return await PayAsync(db, intent, outcome, cancellationToken);
    }

    /// <summary>POST /v1/payment_intents/{id}/cancel: an intent that has not succeeded can take no more money.</summary>
    public async Task<StandInReply> CancelAsync(StandInsDbContext db, string id, IFormCollection form, CancellationToken cancellationToken)
    {
        if (UnknownParameter(form, "cancellation_reason") is { } unknown) return unknown;
        var reason = form["cancellation_reason"].ToString();
        if (reason.Length > 0 && reason is not ("duplicate" or "fraudulent" or "requested_by_customer" or "abandoned"))
            return StandInReply.Invalid("parameter_invalid_string", "cancellation_reason must be duplicate, fraudulent, requested_by_customer or abandoned.",
                "cancellation_reason");
        var intent = await db.StandInPaymentIntents.FirstOrDefaultAsync(i => i.Id == id, cancellationToken);
        if (intent is null) return StandInReply.NotFound("payment_intent", id);
        if (intent.Status is StandInStatus.Succeeded or StandInStatus.Canceled)
            return StandInReply.Error(400, "invalid_request_error", "payment_intent_unexpected_state",
                $"You cannot cancel this PaymentIntent because it has a status of {intent.Status}.", paymentIntent: StandInObjects.PaymentIntent(intent));
        intent.Status = StandInStatus.Canceled;
        await AddEventAsync(db, "payment_intent.canceled", StandInObjects.PaymentIntent(intent), cancellationToken);
        return StandInReply.Ok(StandInObjects.PaymentIntent(intent));
    }

    public async Task<StandInReply> GetPaymentIntentAsync(string id, bool requireClientSecret, string? clientSecret, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var intent = await db.StandInPaymentIntents.AsNoTracking().FirstOrDefaultAsync(i => i.Id == id, cancellationToken);
        if (intent is null || (requireClientSecret && !FixedTimeEquals(clientSecret ?? "", intent.ClientSecret)))
            return StandInReply.NotFound("payment_intent", id);
        return StandInReply.Ok(StandInObjects.PaymentIntent(intent));
    }

    /// <summary>GET /v1/payment_intents/search: the stand-in understands <c>metadata['order_id']:'...'</c> only.</summary>
    public async Task<StandInReply> SearchAsync(string? query, string? limitText, CancellationToken cancellationToken)
    {
        var match = OrderQuery().Match(query ?? "");
        if (!match.Success)
            return StandInReply.Invalid("parameter_invalid_string",
                "The stand-in searches payment intents by metadata['order_id']:'<order id>' only.", "query");
        var limit = 10;
        if (!string.IsNullOrEmpty(limitText) && (!int.TryParse(limitText, NumberStyles.None, CultureInfo.InvariantCulture, out limit) || limit is < 1 or > 100))
            return StandInReply.Invalid("parameter_invalid_integer", "limit must be an integer from 1 to 100.", "limit");

        var orderId = match.Groups["id"].Value;
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var intents = await db.StandInPaymentIntents.AsNoTracking().Where(i => i.OrderId == orderId).ToListAsync(cancellationToken);
        var data = new JsonArray();
        foreach (var intent in intents.OrderByDescending(i => i.CreatedAt).ThenByDescending(i => i.Id, StringComparer.Ordinal).Take(limit))
            data.Add(StandInObjects.PaymentIntent(intent));
        return StandInReply.Ok(new JsonObject
        {
            ["object"] = "search_result",
            ["data"] = data,
            ["has_more"] = intents.Count > limit,
            ["next_page"] = null,
            ["url"] = "/v1/payment_intents/search",
        });
    }

    /// <summary>POST /v1/refunds.</summary>
    public async Task<StandInReply> CreateRefundAsync(StandInsDbContext db, IFormCollection form, CancellationToken cancellationToken)
    {
        if (UnknownParameter(form, "payment_intent", "amount", "reason") is { } unknown) return unknown;
        var intentId = form["payment_intent"].ToString();
        if (intentId.Length == 0) return StandInReply.Invalid("parameter_missing", "Missing required param: payment_intent.", "payment_intent");
        if (ReadAmount(form, required: false, out var amount) is { } amountError) return amountError;
        var reason = form["reason"].ToString();
        if (reason.Length > 0 && reason is not ("duplicate" or "fraudulent" or "requested_by_customer"))
            return StandInReply.Invalid("parameter_invalid_string", "reason must be duplicate, fraudulent or requested_by_customer.", "reason");
        if (ReadMetadata(form, out var metadata) is { } metadataError) return metadataError;

        var intent = await db.StandInPaymentIntents.FirstOrDefaultAsync(i => i.Id == intentId, cancellationToken);
        if (intent is null) return StandInReply.NotFound("payment_intent", intentId);
        if (intent.Status != StandInStatus.Succeeded || intent.LatestCharge is null)
            return StandInReply.Error(400, "invalid_request_error", "payment_intent_unexpected_state",
                $"This PaymentIntent ({intent.Id}) does not have a successful charge to refund.");
        var left = intent.AmountReceived - intent.AmountRefunded;
        if (left <= 0)
            return StandInReply.Error(400, "invalid_request_error", "charge_already_refunded",
                $"Charge {intent.LatestCharge} has already been refunded.");
        var refundAmount = amount ?? left;
        if (refundAmount > left)
            return StandInReply.Error(400, "invalid_request_error", "amount_too_large",
                $"Refund amount ({Dollars(refundAmount)}) is greater than unrefunded amount on charge ({Dollars(left)})");

        var now = clock.GetUtcNow();
        var refund = new StandInRefund
        {
            Id = NewId("re_"), PaymentIntentId = intent.Id, ChargeId = intent.LatestCharge, Amount = refundAmount,
            MetadataJson = metadata.ToJsonString(), CreatedAt = now,
        };
        db.StandInRefunds.Add(refund);
        intent.AmountRefunded += refundAmount;
        await AddEventAsync(db, "charge.refunded", StandInObjects.Charge(intent), cancellationToken);
        return StandInReply.Ok(StandInObjects.Refund(refund));
    }

    private async Task<StandInReply> PayAsync(StandInsDbContext db, StandInPaymentIntent intent, StandInOutcome outcome, CancellationToken cancellationToken)
    {
        if (outcome.Succeeds)
        {
            intent.Status = StandInStatus.Succeeded;
            intent.LatestCharge = NewId("ch_");
            intent.AmountReceived = intent.Amount;
            intent.LastErrorCode = intent.LastErrorDeclineCode = intent.LastErrorMessage = null;
            await AddEventAsync(db, "payment_intent.succeeded", StandInObjects.PaymentIntent(intent), cancellationToken);
            return StandInReply.Ok(StandInObjects.PaymentIntent(intent));
        }

        // A declined confirmation leaves the intent waiting for another payment method, as Stripe does.
        intent.Status = StandInStatus.RequiresPaymentMethod;
        intent.LastErrorCode = "card_declined";
        intent.LastErrorDeclineCode = outcome.DeclineCode;
        intent.LastErrorMessage = outcome.Message;
        var snapshot = StandInObjects.PaymentIntent(intent);
        await AddEventAsync(db, "payment_intent.payment_failed", snapshot.DeepClone(), cancellationToken);
        return StandInReply.Error(402, "card_error", "card_declined", outcome.Message, outcome.DeclineCode, snapshot);
    }

    /// <summary>Writes the event to the outbox in the same save as the change it reports.</summary>
    private async Task AddEventAsync(StandInsDbContext db, string type, JsonNode dataObject, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var sequence = (await db.StandInEvents.MaxAsync(e => (long?)e.Sequence, cancellationToken) ?? 0) + 1;
        var id = NewId("evt_");
        var payload = new JsonObject
        {
            ["id"] = id,
            ["object"] = "event",
            // The version Stripe.net pins, so its ConstructEvent accepts the event with the version check on.
            ["api_version"] = StripeConfiguration.ApiVersion,
            ["created"] = now.ToUnixTimeSeconds(),
            ["data"] = new JsonObject { ["object"] = dataObject },
            ["livemode"] = false,
            ["pending_webhooks"] = 1,
            ["request"] = new JsonObject { ["id"] = null, ["idempotency_key"] = null },
            ["type"] = type,
        };
        db.StandInEvents.Add(new StandInEvent
        {
            Id = id,
            Sequence = sequence,
            Type = type,
            Payload = payload.ToJsonString(),
            CreatedAt = now,
            NextAttemptAt = now + TimeSpan.FromMilliseconds(StandIn.WebhookDelayMs),
            Abandoned = faults.TakeWebhookDrop(),
        });
    }

    private static StandInReply? UnknownParameter(IFormCollection form, params string[] allowed)
    {
        foreach (var key in form.Keys)
        {
            if (allowed.Contains(key) || (key.StartsWith("metadata[", StringComparison.Ordinal) && key.EndsWith(']'))) continue;
            return StandInReply.Invalid("parameter_unknown", $"Received unknown parameter: {Short(key)}", Short(key));
        }
        return null;
    }

    private static StandInReply? ReadAmount(IFormCollection form, bool required, out long? amount)
    {
        amount = null;
        var text = form["amount"].ToString();
        if (text.Length == 0)
            return required ? StandInReply.Invalid("parameter_missing", "Missing required param: amount.", "amount") : null;
        if (!long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value))
            return StandInReply.Invalid("parameter_invalid_integer", "Invalid integer: " + Short(text), "amount");
        if (value < MinimumAmount)
            return StandInReply.Invalid("amount_too_small", "Amount must be at least $0.50 usd", "amount");
        if (value > MaximumAmount)
            return StandInReply.Invalid("amount_too_large", "Amount must be no more than $999,999.99", "amount");
        amount = value;
        return null;
    }

    private static StandInReply? ReadBoolean(IFormCollection form, string name, out bool value)
    {
        value = false;
        var text = form[name].ToString();
        if (text.Length == 0) return null;
        if (text is not ("true" or "false")) return StandInReply.Invalid("parameter_invalid_boolean", $"Invalid boolean: {Short(text)}", name);
        value = text == "true";
        return null;
    }

    /// <summary>Stripe's limits: at most 50 keys, keys up to 40 characters, values up to 500.</summary>
    private static StandInReply? ReadMetadata(IFormCollection form, out JsonObject metadata)
    {
        metadata = [];
        foreach (var key in form.Keys.Where(k => k.StartsWith("metadata[", StringComparison.Ordinal)))
        {
            var name = key["metadata[".Length..^1];
            var value = form[key].ToString();
            if (name.Length is 0 or > 40) return StandInReply.Invalid("parameter_invalid_string", "Metadata keys must be 1 to 40 characters.", "metadata");
            if (value.Length > 500) return StandInReply.Invalid("parameter_invalid_string", "Metadata values can have up to 500 characters.", "metadata");
            metadata[name] = value;
        }
        return metadata.Count > 50 ? StandInReply.Invalid("parameter_invalid_string", "Metadata can have at most 50 keys.", "metadata") : null;
    }

    /// <summary>Method, path and the sorted parameters: what a repeated idempotency key must match.</summary>
    public static string Fingerprint(string method, string path, IFormCollection form)
    {
        var text = new StringBuilder().Append(method).Append(' ').Append(path);
        foreach (var key in form.Keys.Order(StringComparer.Ordinal)) text.Append('\n').Append(key).Append('=').Append(form[key].ToString());
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())));
    }

    public static bool FixedTimeEquals(string given, string expected) =>
        expected.Length > 0 && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(given), Encoding.UTF8.GetBytes(expected));

    private static string NewId(string prefix) => prefix + "ctsim" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(10));

    private static string Dollars(long cents) => (cents / 100m).ToString("$0.00", CultureInfo.InvariantCulture);

    private static string Short(string value) => value.Length <= 64 ? value : value[..64] + "...";

    [GeneratedRegex("""^\s*metadata\[(?<q>['"])order_id\k<q>\]\s*:\s*(?<q2>['"])(?<id>[^'"]{1,500})\k<q2>\s*$""")]
    private static partial Regex OrderQuery();
}
