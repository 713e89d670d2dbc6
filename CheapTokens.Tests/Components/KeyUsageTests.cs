using Bunit;
using CheapTokens.Blazor.Components.Orders;

namespace CheapTokens.Tests.Components;

/// <summary>The key status panel shows what Venice says of the key, asked through the buyer-keys seam.</summary>
public class KeyUsageTests : ComponentTestContext
{
    private const string KeyId = "key-123";

    private IRenderedComponent<KeyUsage> RenderKey(int credits = 25, bool perUtcDay = false, string? account = null, TimeSpan? left = null) =>
        Render<KeyUsage>(ps => ps
            .Add(p => p.VeniceKeyId, KeyId)
            .Add(p => p.VeniceAccount, account)
            .Add(p => p.ExpiresAt, Start + (left ?? TimeSpan.FromHours(10)))
            .Add(p => p.Credits, credits)
            .Add(p => p.PerUtcDay, perUtcDay)
            .Add(p => p.Now, Start));

    private static string Text(IRenderedComponent<KeyUsage> cut, string testId) => cut.Find($"[data-testid={testId}]").TextContent;

    [Fact]
    public void ShowsWhatTheKeyHasUsedOfItsLimitAskingTheAccountThatHoldsIt()
    {
        Keys.SetUsage(KeyId, KeyUsageReading.Of(12.5m));

        var cut = RenderKey(account: "second");

        Assert.Equal("12.5 of 25", Text(cut, "key-used"));
        Assert.Equal("active", Text(cut, "key-state"));
        Assert.Equal("10 h", Text(cut, "key-countdown"));
        Assert.Equal([(KeyId, (string?)"second")], Keys.Reads);
    }

    [Fact]
    public void AOneOffKeyThatUsedItsWholeLimitHasReachedIt()
    {
        Keys.SetUsage(KeyId, KeyUsageReading.Of(25m));

        Assert.Equal("limit reached", Text(RenderKey(), "key-state"));
    }

    [Fact]
    public void APassKeyShowsTheWeeksUsageAgainstItsDailyLimitAndStaysActive()
    {
        Keys.SetUsage(KeyId, KeyUsageReading.Of(30m));

        var cut = RenderKey(credits: 10, perUtcDay: true);

        Assert.Contains("Used in the last 7 days", cut.Markup);
        Assert.Equal("30 (10 a day)", Text(cut, "key-used"));
        Assert.Equal("active", Text(cut, "key-state"));
    }

    [Fact]
    public void AKeyVeniceNoLongerHasBeforeItEndsWasRevoked()
    {
        Keys.SetUsage(KeyId, KeyUsageReading.Gone);

        var cut = RenderKey();

        Assert.Equal("revoked", Text(cut, "key-state"));
        Assert.Equal("—", Text(cut, "key-used"));
    }

    [Fact]
    public void WhenVeniceDoesNotAnswerItSaysSoAndRefreshShowsTheUsageOnceItDoes()
    {
        Keys.SetUsage(KeyId, KeyUsageReading.Unanswered, KeyUsageReading.Of(3m));

        var cut = RenderKey();

        Assert.Equal("Venice did not answer; try again shortly.", Text(cut, "key-used"));
        Assert.Equal("active", Text(cut, "key-state"));

        cut.Find("button").Click();

        cut.WaitForAssertion(() => Assert.Equal("3 of 25", Text(cut, "key-used")));
        Assert.Equal(2, Keys.Reads.Count);
    }
}
