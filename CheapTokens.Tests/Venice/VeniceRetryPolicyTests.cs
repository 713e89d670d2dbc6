using System.Net;
using System.Net.Http.Headers;
using CheapTokens.Blazor.Venice;

namespace CheapTokens.Tests.Venice;

public sealed class VeniceRetryPolicyTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 21, 12, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Cap = TimeSpan.FromSeconds(30);

    private static HttpResponseMessage TooMany(RetryConditionHeaderValue? retryAfter)
    {
        var response = new HttpResponseMessage(HttpStatusCode.TooManyRequests);
        response.Headers.RetryAfter = retryAfter;
        return response;
    }

    [Fact]
    public void Retry_after_in_seconds_is_honoured()
    {
        using var response = TooMany(new RetryConditionHeaderValue(TimeSpan.FromSeconds(3)));

        Assert.Equal(TimeSpan.FromSeconds(3), VeniceRetryPolicy.RetryAfter(response, Now, Cap));
    }

    [Fact]
    public void Retry_after_as_a_date_is_measured_from_now()
    {
        using var response = TooMany(new RetryConditionHeaderValue(Now.AddSeconds(5)));

        Assert.Equal(TimeSpan.FromSeconds(5), VeniceRetryPolicy.RetryAfter(response, Now, Cap));
    }

    [Fact]
    public void Retry_after_is_capped_and_never_negative()
    {
        using var far = TooMany(new RetryConditionHeaderValue(TimeSpan.FromHours(1)));
        using var past = TooMany(new RetryConditionHeaderValue(Now.AddSeconds(-5)));

        Assert.Equal(Cap, VeniceRetryPolicy.RetryAfter(far, Now, Cap));
        Assert.Equal(TimeSpan.Zero, VeniceRetryPolicy.RetryAfter(past, Now, Cap));
    }

    [Fact]
    public void No_retry_after_leaves_the_backoff_to_decide()
    {
        using var response = TooMany(null);

        Assert.Null(VeniceRetryPolicy.RetryAfter(response, Now, Cap));
    }

    [Theory]
    [InlineData(HttpStatusCode.TooManyRequests, true)]
    [InlineData(HttpStatusCode.InternalServerError, true)]
    [InlineData(HttpStatusCode.ServiceUnavailable, true)]
    [InlineData(HttpStatusCode.BadRequest, false)]
    [InlineData(HttpStatusCode.Unauthorized, false)]
    [InlineData(HttpStatusCode.Forbidden, false)]
    [InlineData(HttpStatusCode.PaymentRequired, false)]
    public void Only_429_and_5xx_are_transient(HttpStatusCode status, bool transient)
    {
        Assert.Equal(transient, VeniceRetryPolicy.IsTransient(status));
    }
}
