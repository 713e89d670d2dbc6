using System.Text;
using System.Text.Json;
using CheapTokens.Blazor.Data;
using CheapTokens.Blazor.Http;
using CheapTokens.Blazor.Payments.Stripe;
using CheapTokens.Blazor.Security;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Stripe;

namespace CheapTokens.Blazor.Payments.Webhooks;

/// <summary>
/// <c>POST /webhooks/stripe</c>: verifies the Stripe-Signature with Stripe.net (<c>t=...,v1=...</c>, tolerance
/// 5 minutes on the app's clock, the library's API-version check on), records the event by id (a replay is
/// recognised and answered 200 without applying it again) and answers at once; <see cref="StripeWebhookInbox"/>
/// applies it. Limited per sending address (<c>RateLimits:WebhooksPerMinute</c>, far above Stripe's bursts: a refused
/// delivery is retried by Stripe); refusals are logged at the bounded rate of <see cref="RequestNoiseLog"/>.
/// </summary>
public static class StripeWebhookEndpoint
{
    public const string Path = "/webhooks/stripe";
    public const long ToleranceSeconds = 300;

    /// <summary>Stripe's events are a few KB; far more is not an event.</summary>
    public const int MaxBodyBytes = 256 * 1024;

    public const string InvalidSignatureCode = "invalid_signature";

    public static readonly IReadOnlyList<string> HandledTypes =
        [EventTypes.PaymentIntentSucceeded, EventTypes.PaymentIntentPaymentFailed, EventTypes.PaymentIntentCanceled, EventTypes.ChargeRefunded];

    public static IEndpointRouteBuilder MapStripeWebhook(this IEndpointRouteBuilder app)
    {
        app.MapPost(Path, ReceiveAsync).RequireRateLimiting(RateLimits.Webhooks).ExcludeFromDescription();
        return app;
    }

    private static async Task<IResult> ReceiveAsync(HttpContext http, IOptions<StripeOptions> options, IDbContextFactory<StoreDbContext> dbFactory,
        StripeWebhookInboxSignal inbox, TimeProvider clock, RequestNoiseLog noise, ILoggerFactory loggers)
    {
        var logger = loggers.CreateLogger(typeof(StripeWebhookEndpoint));
        if (http.Request.ContentLength > MaxBodyBytes) return RequestBodyLimit.TooLarge();
        string body;
        try
        {
            body = await ReadBodyAsync(http.Request, http.RequestAborted);
        }
        catch (InvalidDataException)
        {
            return RequestBodyLimit.TooLarge();
        }

        var header = http.Request.Headers["Stripe-Signature"].ToString();
        if (header.Length == 0)
        {
            if (noise.ShouldLog(NoiseKinds.WebhookSignature)) logger.LogWarning("Refused a Stripe webhook: {Reason}", "no Stripe-Signature header");
            return Refused("The request has no Stripe-Signature header.");
        }
        Event stripeEvent;
        try
        {
            stripeEvent = EventUtility.ConstructEvent(body, header, options.Value.WebhookSecret, ToleranceSeconds,
                clock.GetUtcNow().ToUnixTimeSeconds(), throwOnApiVersionMismatch: true);
        }
        catch (Exception e) when (e is StripeException or JsonException or ArgumentException or FormatException)
        {
            // The library's message says which check failed (signature, timestamp, version); it holds no secret.
            // Anyone can send these, unauthenticated: logged at a bounded rate.
            if (noise.ShouldLog(NoiseKinds.WebhookSignature)) logger.LogWarning("Refused a Stripe webhook: {Reason}", e.Message);
            return Refused("The Stripe-Signature does not verify (wrong secret, altered body, or older than 5 minutes), or the event is malformed.");
        }

        if (!HandledTypes.Contains(stripeEvent.Type)) return Results.Ok(new { received = true, handled = false });
        var intentId = stripeEvent.Data.Object switch
        {
            PaymentIntent intent => intent.Id,
            Charge charge => charge.PaymentIntentId,
            _ => null,
        };
        if (string.IsNullOrEmpty(intentId))
        {
            logger.LogWarning("Stripe event {EventId} ({EventType}) names no payment intent; ignored", stripeEvent.Id, stripeEvent.Type);
            return Results.Ok(new { received = true, handled = false });
        }

        await using var db = await dbFactory.CreateDbContextAsync(http.RequestAborted);
        if (await db.ReceivedStripeEvents.AnyAsync(e => e.Id == stripeEvent.Id, http.RequestAborted)) return Duplicate(logger, stripeEvent);
        var now = clock.GetUtcNow();
        db.ReceivedStripeEvents.Add(new ReceivedStripeEvent
        {
            Id = stripeEvent.Id, Type = stripeEvent.Type, PaymentIntentId = intentId, ReceivedAt = now, NextAttemptAt = now,
        });
        try
        {
            await db.SaveChangesAsync(http.RequestAborted);
        }
        catch (DbUpdateException e) when (DbErrors.IsUniqueViolation(e))
        {
            // The same event delivered twice at once: the other request recorded it.
            return Duplicate(logger, stripeEvent);
        }
        inbox.Notify();
        return Results.Ok(new { received = true });
    }

    /// <summary>Stripe delivers an event again when it missed the answer; a sender delivering each event once never does.</summary>
    private static IResult Duplicate(ILogger logger, Event stripeEvent)
    {
        logger.LogInformation("Stripe event {EventId} ({EventType}) arrived again; it was recorded before", stripeEvent.Id, stripeEvent.Type);
        return Results.Ok(new { received = true, duplicate = true });
    }

    private static async Task<string> ReadBodyAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        // Signatures are over the exact bytes; read them as sent, stopping at the limit.
        using var buffer = new MemoryStream();
        var chunk = new byte[8192];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > MaxBodyBytes) throw new InvalidDataException("Body too large.");
            buffer.Write(chunk, 0, read);
        }
        return Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }

    private static IResult Refused(string detail) =>
        Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Webhook refused", detail: detail,
            extensions: new Dictionary<string, object?> { [ProblemCodes.Field] = InvalidSignatureCode });
}
