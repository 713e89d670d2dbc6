using System.Net;
using Microsoft.Extensions.Logging;
using Polly;
using Polly.Retry;
using Polly.Timeout;

namespace CheapTokens.Blazor.Venice;

/// <summary>
/// Retries what a later attempt can fix (429, 5xx, connection errors, per-attempt timeouts) with jittered
/// exponential backoff, preferring the server's Retry-After. Other 4xx are final and never retried. A 429 that says
/// when to come back is a throttle, not a failure, and is logged as such (<see cref="VeniceLogEvents.Throttled"/>).
/// </summary>
public static class VeniceRetryPolicy
{
    public static bool IsTransient(HttpStatusCode status) =>
        status == HttpStatusCode.TooManyRequests || (int)status >= 500;

    public static ResiliencePipeline<HttpResponseMessage> Build(VeniceOptions options, TimeProvider time, ILogger logger)
    {
        var maxRetryAfter = TimeSpan.FromSeconds(options.MaxRetryAfterSeconds);
        // Backoff and timeouts run on the app's clock, so tests drive them like every other wait.
        var builder = new ResiliencePipelineBuilder<HttpResponseMessage> { TimeProvider = time };
        // Polly refuses a retry strategy with zero attempts, so "no retries" means no strategy at all.
        if (options.MaxRetries > 0)
        {
            builder.AddRetry(new RetryStrategyOptions<HttpResponseMessage>
            {
                ShouldHandle = new PredicateBuilder<HttpResponseMessage>()
                    .Handle<HttpRequestException>()
                    .Handle<TimeoutRejectedException>()
                    .HandleResult(response => IsTransient(response.StatusCode)),
                MaxRetryAttempts = options.MaxRetries,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = TimeSpan.FromMilliseconds(options.RetryBaseDelayMs),
                MaxDelay = TimeSpan.FromSeconds(30),
                DelayGenerator = args => ValueTask.FromResult(
                    args.Outcome.Result is { } response ? RetryAfter(response, time.GetUtcNow(), maxRetryAfter) : null),
                OnRetry = args =>
                {
                    // Status or exception type only: bodies and headers may carry secrets.
                    if (args.Outcome.Result is { StatusCode: HttpStatusCode.TooManyRequests } throttled && throttled.Headers.RetryAfter is not null)
                    {
                        logger.LogInformation(
                            VeniceLogEvents.Throttled,
                            "Venice throttled the call (HTTP 429); retry {Attempt} in {DelayMs} ms, as it asked",
                            args.AttemptNumber + 1,
                            (long)args.RetryDelay.TotalMilliseconds);
                        return ValueTask.CompletedTask;
                    }
                    logger.LogWarning(
                        "Venice call failed ({Failure}); retry {Attempt} in {DelayMs} ms",
                        args.Outcome.Result is { } r ? $"HTTP {(int)r.StatusCode}" : args.Outcome.Exception?.GetType().Name,
                        args.AttemptNumber + 1,
                        (long)args.RetryDelay.TotalMilliseconds);
                    return ValueTask.CompletedTask;
                },
            });
        }
        return builder.AddTimeout(TimeSpan.FromSeconds(options.TimeoutSeconds)).Build();
    }

    /// <summary>The wait a response asks for (delta seconds or an HTTP date), capped; null when it asks for none.</summary>
    public static TimeSpan? RetryAfter(HttpResponseMessage response, DateTimeOffset now, TimeSpan cap)
    {
        var header = response.Headers.RetryAfter;
        var wait = header?.Delta ?? (header?.Date is { } date ? date - now : null);
        if (wait is null) return null;
        if (wait < TimeSpan.Zero) return TimeSpan.Zero;
        return wait > cap ? cap : wait;
    }
}
