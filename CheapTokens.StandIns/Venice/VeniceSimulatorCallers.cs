using System.Net;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace CheapTokens.StandIns.Venice;

/// <summary>
/// Who may reach the stand-in's admin routes: loopback callers (127.0.0.0/8, ::1) only, unless
/// <see cref="SimulatedVeniceOptions.AllowRemoteCallers"/>. Anyone else gets 404 problem+json, as if the routes did not exist.
/// </summary>
public static class VeniceSimulatorCallers
{
    /// <summary>An unknown address (no connection information) is refused: the check fails closed.</summary>
    public static bool IsLoopback(IPAddress? remote)
    {
        if (remote is null) return false;
        if (remote.IsIPv4MappedToIPv6) remote = remote.MapToIPv4();
        return IPAddress.IsLoopback(remote);
    }

    /// <summary>Endpoint filter for the admin routes; runs before authentication so a remote caller learns nothing.</summary>
    public static ValueTask<object?> LoopbackOnly(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        var allowRemote = http.RequestServices.GetRequiredService<IOptions<SimulatedVeniceOptions>>().Value.AllowRemoteCallers;
        if (allowRemote || IsLoopback(http.Connection.RemoteIpAddress)) return next(context);
        return ValueTask.FromResult<object?>(Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "Not found",
            detail: "The simulated Venice's admin routes answer local callers only."));
    }
}
