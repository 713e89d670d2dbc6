using CheapTokens.StandIns.Data;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace CheapTokens.StandIns.Stripe;

/// <summary>
/// Stripe's API shape under /stripe-sim/v1, so the store's own Stripe.net client (and the in-page element) can be
/// pointed at the app itself: payment intents (create, confirm, retrieve, search) and refunds, form-encoded,
/// Bearer-authenticated, with Idempotency-Key on writes and Stripe's error body.
/// </summary>
public static class StripeStandInEndpoints
{
    /// <summary>The client's apiBase; routes are under {BasePath}/v1.</summary>
    public const string BasePath = "/stripe-sim";

    /// <summary>Form bodies the stand-in reads are small; anything larger is refused before it is parsed.</summary>
    public const int MaxBodyBytes = 16 * 1024;

    /// <summary>Maps nothing unless the stand-in is registered (<c>AddStripeStandIn</c>), so calling it unconditionally is safe.</summary>
    public static IEndpointRouteBuilder MapStripeStandIn(this IEndpointRouteBuilder app)
    {
        if (app.ServiceProvider.GetService<StripeStandInAccount>() is null) return app;

        var api = app.MapGroup(BasePath + "/v1").AddEndpointFilter(GuardAsync);
        api.MapPost("/payment_intents", (HttpContext http, StripeStandInAccount account) =>
            WriteAsync(http, account, (db, form) => account.CreatePaymentIntentAsync(db, form, http.RequestAborted)));
        api.MapGet("/payment_intents/search", async (HttpContext http, StripeStandInAccount account) =>
            await AnswerAsync(http, await account.SearchAsync(http.Request.Query["query"], http.Request.Query["limit"], http.RequestAborted)));
        api.MapGet("/payment_intents/{id}", async (string id, HttpContext http, StripeStandInAccount account) =>
            await AnswerAsync(http, await account.GetPaymentIntentAsync(id, IsBrowser(http), http.Request.Query["client_secret"], http.RequestAborted)));
        api.MapPost("/payment_intents/{id}/confirm", (string id, HttpContext http, StripeStandInAccount account) =>
            WriteAsync(http, account, (db, form) => account.ConfirmAsync(db, id, form, IsBrowser(http), http.RequestAborted)));
        api.MapPost("/payment_intents/{id}/cancel", (string id, HttpContext http, StripeStandInAccount account) =>
            WriteAsync(http, account, (db, form) => account.CancelAsync(db, id, form, http.RequestAborted)));
        api.MapPost("/refunds", (HttpContext http, StripeStandInAccount account) =>
            WriteAsync(http, account, (db, form) => account.CreateRefundAsync(db, form, http.RequestAborted)));
        // Anything else under the prefix answers as Stripe does for an unknown route.
        api.Map("/{**rest}", (string? rest, HttpContext http) => AnswerAsync(http,
            StandInReply.Error(404, "invalid_request_error", null, $"Unrecognized request URL ({http.Request.Method}: /v1/{Short(rest)}).", save: false)));
        return app;
    }

    /// <summary>
    /// Who may call, then injected faults. The secret key works from loopback callers only (unless AllowRemoteCallers):
    /// anyone else gets 404 as if nothing were here. The publishable key (a buyer's browser) reaches the confirm and
    /// retrieve routes of an intent whose client secret it holds.
    /// </summary>
    private static async ValueTask<object?> GuardAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        var keys = http.RequestServices.GetRequiredService<StripeStandInKeys>();
        var standIn = http.RequestServices.GetRequiredService<IOptions<StripeStandInOptions>>().Value;
        var bearer = Bearer(http);
        var isPublishable = bearer is not null && StripeStandInAccount.FixedTimeEquals(bearer, keys.PublishableKey);
        if (!isPublishable && !standIn.AllowRemoteCallers && !IsLoopback(http.Connection.RemoteIpAddress))
            return Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "Not found",
                detail: "The Stripe stand-in answers local callers only.");

        if (bearer is null || !(isPublishable || StripeStandInAccount.FixedTimeEquals(bearer, keys.SecretKey)))
            return await AnswerAsync(http, StandInReply.Error(401, "invalid_request_error", null,
                "Invalid API Key provided. Use the stand-in's keys (see the data folder's stripe-sim-keys.json).", save: false));
        var browserRoute = http.Request.Path.Value?.Contains("/payment_intents/", StringComparison.Ordinal) == true
                           && (HttpMethods.IsGet(http.Request.Method) && !http.Request.Path.Value.EndsWith("/search", StringComparison.Ordinal)
                               || http.Request.Path.Value.EndsWith("/confirm", StringComparison.Ordinal));
        if (isPublishable && !browserRoute)
            return await AnswerAsync(http, StandInReply.Error(401, "invalid_request_error", "secret_key_required",
                "This API call cannot be made with a publishable API key. Please use a secret API key.", save: false));
        http.Items[BrowserItem] = isPublishable;

        if (http.Request.ContentLength > MaxBodyBytes)
            return await AnswerAsync(http, StandInReply.Invalid(null, $"Request bodies are at most {MaxBodyBytes / 1024} KB."));
        if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit) limit.MaxRequestBodySize = MaxBodyBytes;

        switch (http.RequestServices.GetRequiredService<StripeStandInFaults>().TakeApiFault())
        {
            case StandInFault.TooManyRequests:
                return await AnswerAsync(http, StandInReply.Error(429, "invalid_request_error", "lock_timeout",
                    "This object cannot be accessed right now because another API request or Stripe process is currently accessing it.",
                    save: false, shouldRetry: true));
            case StandInFault.ServerError:
                return await AnswerAsync(http, StandInReply.Error(500, "api_error", null, "An unknown error occurred (injected by the stand-in).", save: false));
            case StandInFault.Timeout:
                // The call is carried out; only its answer is held back, as when a connection drops after Stripe acted.
                http.Items[TimeoutItem] = true;
                break;
        }
        return await next(context);
    }

    private const string BrowserItem = "stripe-sim.browser";
    private const string TimeoutItem = "stripe-sim.timeout";

    private static bool IsBrowser(HttpContext http) => http.Items[BrowserItem] is true;

    private static async Task<IResult> WriteAsync(HttpContext http, StripeStandInAccount account,
        Func<StandInsDbContext, IFormCollection, Task<StandInReply>> write)
    {
        if (!http.Request.HasFormContentType && http.Request.ContentLength is > 0)
            return await AnswerAsync(http, StandInReply.Invalid(null, "Bodies must be application/x-www-form-urlencoded."));
        IFormCollection form;
        try
        {
            form = http.Request.HasFormContentType ? await http.Request.ReadFormAsync(http.RequestAborted) : FormCollection.Empty;
        }
        catch (InvalidDataException)
        {
            return await AnswerAsync(http, StandInReply.Invalid(null, "The form body could not be read."));
        }
        var key = http.Request.Headers["Idempotency-Key"].ToString();
        if (key.Length > 255) return await AnswerAsync(http, StandInReply.Invalid(null, "Idempotency keys are at most 255 characters."));
        var fingerprint = StripeStandInAccount.Fingerprint(http.Request.Method, http.Request.Path, form);
        var reply = await account.WriteAsync(key.Length == 0 ? null : key, fingerprint, db => write(db, form), http.RequestAborted);
        return await AnswerAsync(http, reply);
    }

    private static async Task<IResult> AnswerAsync(HttpContext http, StandInReply reply)
    {
        if (http.Items[TimeoutItem] is true)
        {
            var options = http.RequestServices.GetRequiredService<IOptions<StripeStandInOptions>>().Value;
            var clock = http.RequestServices.GetRequiredService<TimeProvider>();
            try
            {
                await Task.Delay(TimeSpan.FromSeconds(options.TimeoutSeconds), clock, http.RequestAborted);
            }
            catch (OperationCanceledException)
            {
                // The caller gave up, which is the point.
                return Results.Empty;
            }
        }
        if (reply.ShouldRetry) http.Response.Headers["Stripe-Should-Retry"] = "true";
        http.Response.Headers["Request-Id"] = "req_ctsim" + Guid.NewGuid().ToString("N")[..14];
        return Results.Text(reply.Body, "application/json", statusCode: reply.StatusCode);
    }

    /// <summary>An unknown address (no connection information) is refused: the check fails closed.</summary>
    private static bool IsLoopback(System.Net.IPAddress? remote) =>
        remote is not null && System.Net.IPAddress.IsLoopback(remote.IsIPv4MappedToIPv6 ? remote.MapToIPv4() : remote);

    private static string? Bearer(HttpContext http)
    {
        var header = http.Request.Headers.Authorization.ToString();
        return header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? header["Bearer ".Length..].Trim() : null;
    }

    private static string Short(string? value) => value is null ? "" : value.Length <= 64 ? value : value[..64] + "...";
}
