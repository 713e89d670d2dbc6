using System.Text.Json;
using System.Text.Json.Nodes;
using CheapTokens.StandIns.Http;
using CheapTokens.Core.Venice;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace CheapTokens.StandIns.Venice;

/// <summary>
/// Venice's API shape under /venice-sim/api/v1, so the store's Venice client (and any OpenAI-style
/// client holding a minted key) can be pointed at the app itself for demos and tests.
/// </summary>
public static class VeniceSimulatorEndpoints
{
    public const string BasePath = "/venice-sim/api/v1";

    /// <summary>Upper bound on a key's consumption limit, far above any sale and well inside decimal's range.</summary>
    public const decimal MaxConsumptionLimit = 1_000_000_000m;

    /// <summary>Venice's limit on a key's description.</summary>
    public const int MaxDescriptionLength = 64;

    private static readonly string[] LimitPeriods = [VeniceNames.DailyLimitPeriod, "MONTH", "LIFETIME"];

    /// <summary>Maps nothing unless <c>AddVeniceSimulator</c> registered it, so calling it unconditionally is safe.</summary>
    public static IEndpointRouteBuilder MapVeniceSimulator(this IEndpointRouteBuilder app)
    {
        if (app.ServiceProvider.GetService<VeniceSimulatorState>() is null) return app;

        var api = app.MapGroup(BasePath).AddEndpointFilter(Delay);

        // Admin routes are for the store's own client on this machine; inference routes serve buyers' keys.
        var admin = api.MapGroup("/api_keys").AddEndpointFilter(VeniceSimulatorCallers.LoopbackOnly)
            .AddEndpointFilter(StandInRequests.LimitBody);
        admin.MapPost("", CreateKeyAsync);
        admin.MapGet("", async (HttpContext http, VeniceSimulatorState state) =>
            AdminOnly(http, state) ?? Reply(await state.ListKeysAsync(AccountOf(http, state), http.RequestAborted)));
        admin.MapGet("/{id}", async (string id, HttpContext http, VeniceSimulatorState state) =>
            AdminOnly(http, state) ?? Reply(await state.GetKeyAsync(AccountOf(http, state), id, http.RequestAborted)));
        admin.MapPatch("", (HttpContext http, VeniceSimulatorState state) => UpdateKeyAsync(null, http, state));
        admin.MapPatch("/{id}", (string id, HttpContext http, VeniceSimulatorState state) => UpdateKeyAsync(id, http, state));
        admin.MapDelete("", async (string? id, HttpContext http, VeniceSimulatorState state) =>
            AdminOnly(http, state)
            ?? (string.IsNullOrWhiteSpace(id) ? BadRequest("id query parameter is required") : Reply(await state.RevokeKeyAsync(AccountOf(http, state), id, http.RequestAborted))));

        api.MapGet("/models", async (HttpContext http, VeniceSimulatorState state) =>
            await state.AuthorizeInferenceAsync(Bearer(http), http.RequestAborted) is { } refused
                ? Reply(refused)
                : Results.Json(VeniceSimulatorChat.Models(), VeniceJson.Options));
        api.MapPost("/chat/completions", ChatCompletionAsync);
        return app;
    }

    private static async ValueTask<object?> Delay(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        var state = http.RequestServices.GetRequiredService<VeniceSimulatorState>();
        var delay = state.Delay;
        if (delay > TimeSpan.Zero) await Task.Delay(delay, http.RequestAborted);

        return await next(context);
    }

    private static async Task<IResult> CreateKeyAsync(HttpContext http, VeniceSimulatorState state)
    {
        if (AdminOnly(http, state) is { } refused) return refused;
        if (await ReadObjectAsync(http) is not { } body) return BadRequest("Request body must be a JSON object");

        if (body["apiKeyType"]?.GetValueKind() != JsonValueKind.String) return BadRequest("apiKeyType is required (INFERENCE or ADMIN)");
        var keyType = body["apiKeyType"]!.GetValue<string>();
        if (keyType is not (VeniceNames.InferenceKeyType or VeniceNames.AdminKeyType)) return BadRequest("apiKeyType must be INFERENCE or ADMIN");
        if (keyType == VeniceNames.AdminKeyType) return BadRequest("The simulator mints INFERENCE keys only");
        if (body["description"]?.GetValueKind() != JsonValueKind.String) return BadRequest("description is required");

        var error = TryReadSpec(body, out var spec);
        return error is not null ? BadRequest(error) : Reply(await state.CreateKeyAsync(AccountOf(http, state), spec, http.RequestAborted));
    }

    private static async Task<IResult> UpdateKeyAsync(string? routeId, HttpContext http, VeniceSimulatorState state)
    {
        if (AdminOnly(http, state) is { } refused) return refused;
        if (await ReadObjectAsync(http) is not { } body) return BadRequest("Request body must be a JSON object");

        var id = routeId ?? (body["id"]?.GetValueKind() == JsonValueKind.String ? body["id"]!.GetValue<string>() : null);
        if (string.IsNullOrWhiteSpace(id)) return BadRequest("id is required");

        var error = TryReadSpec(body, out var spec);
        return error is not null ? BadRequest(error) : Reply(await state.UpdateKeyAsync(AccountOf(http, state), id, spec, http.RequestAborted));
    }

    private static async Task<IResult> ChatCompletionAsync(HttpContext http, VeniceSimulatorState state)
    {
        // Authentication before the body, as Venice answers 401 to a bad key whatever it sent.
        if (await state.AuthorizeInferenceAsync(Bearer(http), http.RequestAborted) is { } unauthorized) return Reply(unauthorized);
        if (await ReadObjectAsync(http) is not { } body) return BadRequest("Request body must be a JSON object");
        if (body["messages"] is not JsonArray { Count: > 0 } messages) return BadRequest("messages must be a non-empty array");

        var model = body["model"]?.GetValueKind() == JsonValueKind.String ? body["model"]!.GetValue<string>() : VeniceSimulatorChat.DefaultModel;
        var stream = body["stream"]?.GetValueKind() == JsonValueKind.True;

        if (await state.ChargeChatCompletionAsync(Bearer(http), http.RequestAborted) is { } refused) return Reply(refused);
        var completion = new VeniceSimulatorChat(model, VeniceSimulatorChat.CountWords(messages), state.Now);
        return stream ? completion.StreamResult() : Results.Json(completion.Completion(), VeniceJson.Options);
    }

    /// <summary>Reads description, consumptionLimit, limitPeriod and expiresAt; returns Venice-style error text or null.</summary>
    private static string? TryReadSpec(JsonObject body, out VeniceSimulatorKeySpec spec)
    {
        spec = new VeniceSimulatorKeySpec(null, null, null, null, null);

        string? description = null;
        if (body["description"] is { } descriptionNode)
        {
            if (descriptionNode.GetValueKind() != JsonValueKind.String) return "description must be a string";
            description = descriptionNode.GetValue<string>();
            if (description.Length is 0 or > MaxDescriptionLength)
                return $"description must be 1 to {MaxDescriptionLength} characters";
            if (description.Any(char.IsControl)) return "description must not contain control characters";
        }

        decimal? diem = null, usd = null;
        if (body["consumptionLimit"] is { } limitNode)
        {
            if (limitNode is not JsonObject limits) return "consumptionLimit must be an object";
            if (ReadAmount(limits, "diem", out diem) is { } diemError) return diemError;
            if (ReadAmount(limits, "usd", out usd) is { } usdError) return usdError;
        }

        string? limitPeriod = null;
        if (body["limitPeriod"] is { } periodNode)
        {
            limitPeriod = periodNode.GetValueKind() == JsonValueKind.String ? periodNode.GetValue<string>() : null;
            if (limitPeriod is null || !LimitPeriods.Contains(limitPeriod)) return $"limitPeriod must be one of {string.Join(", ", LimitPeriods)}";
        }

        DateTimeOffset? expiresAt = null;
        var clearExpiry = false;
        if (body.TryGetPropertyValue("expiresAt", out var expiresNode))
        {
            var text = expiresNode?.GetValueKind() == JsonValueKind.String ? expiresNode.GetValue<string>() : null;
            if (expiresNode is null || text == "") clearExpiry = true;
            else if (!VeniceJson.TryParseTimestamp(text, out var parsed)) return $"expiresAt must be an ISO 8601 UTC timestamp like 2030-01-01T00:00:00.000Z";
            else expiresAt = parsed;
        }

        spec = new VeniceSimulatorKeySpec(description, diem, usd, limitPeriod, expiresAt, clearExpiry);
        return null;
    }

    /// <summary>
    /// A limit is a number from 0 to <see cref="MaxConsumptionLimit"/>. Numbers past decimal's range (1e19 is
    /// fine, 1e308 is not) fail to read rather than throw, so they get the same 400 as any other out-of-range value.
    /// </summary>
    private static string? ReadAmount(JsonObject limits, string name, out decimal? amount)
    {
        amount = null;
        if (limits[name] is not { } node) return null;
        if (node.GetValueKind() != JsonValueKind.Number) return $"consumptionLimit.{name} must be a number";
        var outOfRange = $"consumptionLimit.{name} must be between 0 and {MaxConsumptionLimit}";
        if (!node.AsValue().TryGetValue<decimal>(out var value) || value is < 0 or > MaxConsumptionLimit) return outOfRange;
        amount = value;
        return null;
    }

    private static async Task<JsonObject?> ReadObjectAsync(HttpContext http)
    {
        try
        {
            // A repeated property is refused at parse time, and text that is not text before any field is read: JsonObject
            // would otherwise throw on first access.
            using var document = await StandInRequests.ParseJsonTextAsync(http.Request.Body, new JsonDocumentOptions { AllowDuplicateProperties = false }, http.RequestAborted);
            return document.RootElement.ValueKind == JsonValueKind.Object ? JsonObject.Create(document.RootElement.Clone()) : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static IResult? AdminOnly(HttpContext http, VeniceSimulatorState state) =>
        state.IsAdmin(Bearer(http)) ? null : Reply(VeniceSimulatorReply.Error(StatusCodes.Status401Unauthorized, "Authentication failed"));

    /// <summary>The caller's account; only called after <see cref="AdminOnly"/> let the request through.</summary>
    private static string AccountOf(HttpContext http, VeniceSimulatorState state) => state.AccountOf(Bearer(http)) ?? VeniceSimulatorState.DefaultAccount;

    private static string? Bearer(HttpContext http)
    {
        var header = http.Request.Headers.Authorization.ToString();
        return header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? header["Bearer ".Length..].Trim() : null;
    }

    private static IResult BadRequest(string message) => Reply(VeniceSimulatorReply.Error(StatusCodes.Status400BadRequest, message));

    private static IResult Reply(VeniceSimulatorReply reply)
    {
        var json = Results.Json(reply.Body, VeniceJson.Options, statusCode: reply.StatusCode);
        return reply.RetryAfterSeconds is { } seconds ? new RetryAfterResult(json, seconds) : json;
    }

    /// <summary>Adds Retry-After to a JSON reply while keeping its status visible to the request log.</summary>
    private sealed class RetryAfterResult(IResult inner, int seconds) : IResult, IStatusCodeHttpResult
    {
        public int? StatusCode => (inner as IStatusCodeHttpResult)?.StatusCode;

        public Task ExecuteAsync(HttpContext httpContext)
        {
            httpContext.Response.Headers.RetryAfter = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
            return inner.ExecuteAsync(httpContext);
        }
    }
}
