using CheapTokens.Core.Orders;

namespace CheapTokens.Tests.Orders;

public class OrderTokenTests
{
    [Fact]
    public void TokenIsUrlSafeAndCarriesAtLeast128Bits()
    {
        var token = OrderToken.New();
        Assert.Equal(43, token.Length); // 256 bits in base64url
        Assert.True(OrderToken.IsWellFormed(token));
        Assert.Equal(token, Uri.EscapeDataString(token));
    }

    [Fact]
    public void TokensDoNotRepeat()
    {
        var tokens = Enumerable.Range(0, 1000).Select(_ => OrderToken.New()).ToHashSet();
        Assert.Equal(1000, tokens.Count);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("short")]
    [InlineData("0123456789012345678901234567890123456789/+=")]
    public void MalformedTokensAreRecognised(string? token) => Assert.False(OrderToken.IsWellFormed(token));
}
