using System.Net;
using CheapTokens.Blazor.Admin;
using CheapTokens.Blazor.Components.Admin;
using CheapTokens.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace CheapTokens.Tests.Admin;

public partial class OperatorConsoleTests
{
    /// <summary>The store behind a proxy on loopback, so each test browser can come from its own address (X-Forwarded-For).</summary>
    private static Dictionary<string, string?> BehindProxy(params (string Key, string Value)[] more)
    {
        var settings = new Dictionary<string, string?> { ["RateLimits:TrustedProxies:0"] = "127.0.0.1" };
        foreach (var (key, value) in more) settings[key] = value;
        return settings;
    }

    private static HttpClient BrowserAt(StoreHost host, string address)
    {
        var client = Browser(host);
        client.DefaultRequestHeaders.Add("X-Forwarded-For", address);
        return client;
    }

    private static async Task<List<AuditEntry>> AuditEntriesAsync(StoreHost host)
    {
        await using var db = await host.Get<IDbContextFactory<OperatorDbContext>>().CreateDbContextAsync();
        return await db.AuditLog.AsNoTracking().OrderBy(e => e.Id).ToListAsync();
    }

    [Fact]
    public async Task FailuresFromOneAddressStopThatAddressButNotTheOperatorSigningInFromElsewhere()
    {
        var (host, password) = await StartWithOperatorAsync(BehindProxy());
        await using var _ = host;
        using var attacker = BrowserAt(host, "203.0.113.7");

        for (var i = 0; i < 5; i++)
            Assert.Contains(SignIn.Failed, Html(await (await SignInAsync(attacker, "not-the-password")).Content.ReadAsStringAsync()));
        // The sixth try from that address is refused before any password is checked, the right one included.
        var refused = Html(await (await SignInAsync(attacker, password)).Content.ReadAsStringAsync());
        Assert.Contains("Too many failed sign-ins from your address. Try again in 15 minutes.", refused);

        using var operatorBrowser = BrowserAt(host, "198.51.100.20");
        var signedIn = await SignInAsync(operatorBrowser, password);
        Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
        Assert.Equal(OperatorConsoleServiceCollectionExtensions.ChangePasswordPath, PathOf(signedIn));

        // The address may try again once its failures leave the window.
        host.Clock.Advance(TimeSpan.FromMinutes(15));
        Assert.Contains(SignIn.Failed, Html(await (await SignInAsync(attacker, "not-the-password")).Content.ReadAsStringAsync()));
    }

    [Fact]
    public async Task AnUnknownEmailAWrongPasswordAndALockedAccountGetTheSameAnswerAndAreAudited()
    {
        var (host, password) = await StartWithOperatorAsync(BehindProxy(("OperatorConsole:LockoutFailures", "3"), ("OperatorConsole:SignInFailuresPerAddress", "100")));
        await using var _ = host;
        using var client = BrowserAt(host, "203.0.113.8");

        var unknown = Html(await (await SignInAsync(client, "whatever-password", "nobody@example.com")).Content.ReadAsStringAsync());
        var answers = new List<string>();
        for (var i = 0; i < 3; i++) answers.Add(Html(await (await SignInAsync(client, "not-the-password")).Content.ReadAsStringAsync()));
        var lockedRight = await SignInAsync(client, password);

        Assert.Equal(HttpStatusCode.OK, lockedRight.StatusCode);
        foreach (var page in answers.Append(unknown).Append(Html(await lockedRight.Content.ReadAsStringAsync())))
        {
            Assert.Contains(SignIn.Failed, page);
            Assert.DoesNotContain("15 minutes", page);
        }
        Assert.Equal(HttpStatusCode.Redirect, (await client.GetAsync("/admin/change-password")).StatusCode);

        var audit = await AuditEntriesAsync(host);
        Assert.Contains(audit, e => (e.Action, e.Actor, e.After) == ("sign-in failed", "nobody@example.com", "unknown account, from 203.0.113.8"));
        Assert.Equal(3, audit.Count(e => (e.Action, e.Actor, e.After) == ("sign-in failed", Email, "wrong password, from 203.0.113.8")));
        Assert.Single(audit, e => e.Action == "account locked" && e.Actor == Email && e.After!.StartsWith("after 3 failed sign-ins, until ", StringComparison.Ordinal));
        Assert.Contains(audit, e => (e.Action, e.Actor, e.After) == ("sign-in failed", Email, "account locked, from 203.0.113.8"));
        Assert.DoesNotContain(audit, e => $"{e.Actor} {e.Before} {e.After}".Contains("not-the-password", StringComparison.Ordinal)
                                         || $"{e.Actor} {e.Before} {e.After}".Contains(password, StringComparison.Ordinal));
    }
}
