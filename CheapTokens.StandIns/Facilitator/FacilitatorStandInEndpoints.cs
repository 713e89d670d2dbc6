using System.Text.Json;
using CheapTokens.Core.Payments.X402;
using CheapTokens.StandIns.Http;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace CheapTokens.StandIns.Facilitator;

/// <summary>
/// An x402 facilitator under /x402-sim, as x402's facilitator client calls one: <c>POST /verify</c>, <c>POST /settle</c>,
/// <c>GET /supported</c>; and for the store and tests, <c>GET /settlements/{nonce}</c>, <c>POST /refunds</c> and
/// <c>GET /balances/{address}</c>. Answers loopback callers only unless AllowRemoteCallers.
/// </summary>
public static class FacilitatorStandInEndpoints
{
    public const string BasePath = "/x402-sim";

    /// <summary>Maps nothing unless the stand-in is registered (<c>AddFacilitatorStandIn</c>), so calling it unconditionally is safe.</summary>
    public static IEndpointRouteBuilder MapFacilitatorStandIn(this IEndpointRouteBuilder app)
    {
        if (app.ServiceProvider.GetService<SimulatedUsdcLedger>() is null) return app;
        var api = app.MapGroup(BasePath).AddEndpointFilter(Guard).AddEndpointFilter(StandInRequests.LimitBody).ExcludeFromDescription();
        api.MapPost("/verify", async (HttpContext http, SimulatedUsdcLedger ledger) =>
            await ReadAsync(http) is { } call ? Json(await ledger.VerifyAsync(call, http.RequestAborted)) : Malformed());
        api.MapPost("/settle", SettleAsync);
        api.MapGet("/supported", (SimulatedUsdcLedger ledger) =>
            Json(new SupportedReply([new SupportedKind(X402Protocol.Version, X402Protocol.ExactScheme, ledger.Network.Name)])));
        api.MapGet("/settlements/{nonce}", async (string nonce, SimulatedUsdcLedger ledger, CancellationToken cancellationToken) =>
            await ledger.FindSettlementAsync(nonce, cancellationToken) is { } settled ? Json(settled)
                : Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "No settlement", detail: "No authorization with this nonce was settled."));
        api.MapPost("/refunds", async (HttpContext http, SimulatedUsdcLedger ledger) =>
        {
            var call = await ReadAsync<RefundCall>(http);
            if (call is null) return Malformed();
            var (reply, error) = await ledger.RefundAsync(call, http.RequestAborted);
            return reply is not null ? Json(reply) : Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Refund refused", detail: error);
        });
        api.MapGet("/balances/{address}", async (string address, SimulatedUsdcLedger ledger, CancellationToken cancellationToken) =>
        {
            if (!EvmAddress.IsWellFormed(address))
                return Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Not an address", detail: "An address is 0x and 40 hex digits.");
            var balance = await ledger.BalanceOfAsync(address, cancellationToken);
            return Json(new BalanceReply(address.ToLowerInvariant(), balance.ToString(System.Globalization.CultureInfo.InvariantCulture), UsdcAmount.ToUsd(balance)));
        });
        return app;
    }

    private static async Task<IResult> SettleAsync(HttpContext http, SimulatedUsdcLedger ledger, FacilitatorStandInFaults faults,
        IOptions<FacilitatorStandInOptions> options, TimeProvider clock)
    {
        if (await ReadAsync(http) is not { } call) return Malformed();
        var fault = faults.TakeSettlementFault();
        // Carried out whatever the caller does next: a settlement is not undone because nobody heard its answer.
        var settled = await ledger.SettleAsync(call, fault, CancellationToken.None);
        if (fault == FacilitatorFault.Timeout)
        {
            try
            {
                await Task.Delay(TimeSpan.FromSeconds(options.Value.TimeoutSeconds), clock, http.RequestAborted);
            }
            catch (OperationCanceledException)
            {
                return Results.Empty;
            }
        }
        return Json(settled);
    }

    private static ValueTask<object?> Guard(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        var remote = http.Connection.RemoteIpAddress;
        var loopback = remote is not null && System.Net.IPAddress.IsLoopback(remote.IsIPv4MappedToIPv6 ? remote.MapToIPv4() : remote);
        if (!loopback && !http.RequestServices.GetRequiredService<IOptions<FacilitatorStandInOptions>>().Value.AllowRemoteCallers)
            return ValueTask.FromResult<object?>(Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "Not found",
                detail: "The facilitator stand-in answers local callers only."));
        return next(context);
    }

    private static Task<FacilitatorCall?> ReadAsync(HttpContext http) => ReadAsync<FacilitatorCall>(http);

    private static async Task<T?> ReadAsync<T>(HttpContext http) where T : class
    {
        try
        {
            return await JsonSerializer.DeserializeAsync<T>(http.Request.Body, X402Json.Options, http.RequestAborted);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static IResult Json<T>(T value) => Results.Json(value, X402Json.Options);

    private static IResult Malformed() =>
        Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Malformed body", detail: "The body must be the JSON x402's facilitator client sends.");
}
