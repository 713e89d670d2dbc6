using System.Diagnostics;
using CheapTokens.Blazor.Telemetry;

namespace CheapTokens.Blazor.Venice;

/// <summary>
/// On the Venice clients' HTTP pipeline: each attempt at the key API is a span ("venice create key", the HTTP span its
/// child) and a measurement by operation and outcome, with 429s counted apart. Sees the request only after the admin
/// key is set in its Authorization header and never records a header or a body.
/// </summary>
public sealed class VeniceCallTelemetry(StoreMetrics metrics, TimeProvider clock) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var operation = OperationOf(request);
        using var span = VeniceCallScope.CurrentOrderId is { } orderId
            ? StoreTracing.StartForOrder($"venice {operation}", orderId, ActivityKind.Internal)
            : StoreTracing.Source.StartActivity($"venice {operation}");
        span?.SetTag(StoreMetrics.OperationTag, operation);
        var started = clock.GetTimestamp();
        try
        {
            var response = await base.SendAsync(request, cancellationToken);
            metrics.VeniceAttempt(operation, (int)response.StatusCode, clock.GetElapsedTime(started));
            span?.SetTag("http.response.status_code", (int)response.StatusCode);
            if (!response.IsSuccessStatusCode && response.StatusCode != System.Net.HttpStatusCode.NotFound) span?.SetStatus(ActivityStatusCode.Error);
            return response;
        }
        catch (Exception ex)
        {
            metrics.VeniceAttempt(operation, null, clock.GetElapsedTime(started));
            span?.SetStatus(ActivityStatusCode.Error, ex.GetType().Name);
            throw;
        }
    }

    /// <summary>The key API's operations, by method and path (names as in the order's Venice timeline).</summary>
    public static string OperationOf(HttpRequestMessage request)
    {
        var path = request.RequestUri?.AbsolutePath.TrimEnd('/') ?? "";
        var onOneKey = !path.EndsWith("/api_keys", StringComparison.Ordinal) && path.Contains("/api_keys/", StringComparison.Ordinal);
        return request.Method.Method switch
        {
            "POST" => "create key",
            "PATCH" => "update key",
            "DELETE" => "revoke key",
            "GET" when onOneKey => "get key",
            "GET" => "list keys",
            _ => "other",
        };
    }
}
