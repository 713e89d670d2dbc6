using Microsoft.Extensions.Logging;

namespace CheapTokens.Blazor.Venice;

/// <summary>Event ids of the Venice client's log lines that a reader of the log (the console's health panel) tells apart.</summary>
public static class VeniceLogEvents
{
    /// <summary>
    /// Venice answered 429 with a Retry-After and the call waits that long before trying again: the throttle Venice puts
    /// on key creation, expected while a key pool fills. Logged as information; a call that still fails after its retries
    /// is logged as an error as before.
    /// </summary>
    public static readonly EventId Throttled = new(4290, "VeniceThrottled");
}
