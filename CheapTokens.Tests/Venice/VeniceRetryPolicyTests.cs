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
    public void RetryAfterInSecondsIsHonoured()
    {
        using var response = TooMany(new RetryConditionHeaderValue(TimeSpan.FromSeconds(3)));

        Assert.Equal(TimeSpan.FromSeconds(3), VeniceRetryPolicy.RetryAfter(response, Now, Cap));
    }

    [Fact]
    public void RetryAfterAsADateIsMeasuredFromNow()
    {
        using var response = TooMany(new RetryConditionHeaderValue(Now.AddSeconds(5)));

        Assert.Equal(TimeSpan.FromSeconds(5), VeniceRetryPolicy.RetryAfter(response, Now, Cap));
    }

    [Fact]
    public void RetryAfterIsCappedAndNeverNegative()
    {
        using var far = TooMany(new RetryConditionHeaderValue(TimeSpan.FromHours(1)));
        using var past = TooMany(new RetryConditionHeaderValue(Now.AddSeconds(-5)));

        Assert.Equal(Cap, VeniceRetryPolicy.RetryAfter(far, Now, Cap));
        Assert.Equal(TimeSpan.Zero, VeniceRetryPolicy.RetryAfter(past, Now, Cap));
    }

    [Fact]
    public void NoRetryAfterLeavesTheBackoffToDecide()
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
    public void Only429And5xxAreTransient(HttpStatusCode status, bool transient)
    {
        Assert.Equal(transient, VeniceRetryPolicy.IsTransient(status));
    }
}
