using System.Net;
using System.Text.RegularExpressions;
using CheapTokens.Blazor.Admin;
using CheapTokens.Blazor.Hosting;
using CheapTokens.Tests.Support;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CheapTokens.Tests.Admin;

public partial class OperatorConsoleTests
{
    /// <summary>An operator through the whole first sign-in: one-time password, new password, two-factor set up.</summary>
    private sealed record Enrolled(StoreHost Host, HttpClient Client, string Key, IReadOnlyList<string> RecoveryCodes);

    private static string CodeNow(StoreHost host, string key) => Authenticator.Code(key, host.Clock.GetUtcNow());

    /// <summary>Moves the clock to the next 30-second step, so the authenticator shows a new code.</summary>
    private static void NextStep(StoreHost host) => host.Clock.Advance(TimeSpan.FromSeconds(30));

    private static async Task<Enrolled> EnrolledOperatorAsync(IDictionary<string, string?>? settings = null)
    {
        var (host, password) = await StartWithOperatorAsync(settings);
        var client = Browser(host);
        await SignInAsync(client, password);
        var changed = await PostFormAsync(client, "/admin/change-password", "operator-change-password", ("Input.Current", password), ("Input.Next", NewPassword));
        Assert.Equal(HttpStatusCode.Redirect, changed.StatusCode);
        var key = AuthenticatorKey().Match(await client.GetStringAsync("/admin/two-factor")).Groups[1].Value.Replace(" ", "", StringComparison.Ordinal);
        var on = await PostFormAsync(client, "/admin/two-factor", "operator-two-factor-on", ("Input.Code", CodeNow(host, key)));
        var codes = RecoveryCode().Matches(await on.Content.ReadAsStringAsync()).Select(m => m.Groups[1].Value).ToList();
        Assert.Equal(10, codes.Count);
        // Every later code in a test comes from a later step than the one used here.
        NextStep(host);
        return new Enrolled(host, client, key, codes);
    }

    /// <summary>Signs in from a new browser with the chosen password and then <paramref name="code"/>; the code page's answer.</summary>
    private static async Task<(HttpClient Client, HttpResponseMessage Answer)> SignInWithCodeAsync(StoreHost host, string code, string page = "/admin/sign-in/code", string handler = "operator-sign-in-code", string field = "Input.Code")
    {
        var client = Browser(host);
        var password = await SignInAsync(client, NewPassword);
        Assert.Equal(HttpStatusCode.Redirect, password.StatusCode);
        Assert.Equal("/admin/sign-in/code", PathOf(password));
        return (client, await PostFormAsync(client, page, handler, (field, code)));
    }

    [Fact]
    public async Task TheConsoleOpensOnlyOnceTwoFactorIsSetUpAndTheRecoveryCodesAreShownOnce()
    {
        var (host, password) = await StartWithOperatorAsync();
        await using var _ = host;
        using var client = Browser(host);
        await SignInAsync(client, password);
        await PostFormAsync(client, "/admin/change-password", "operator-change-password", ("Input.Current", password), ("Input.Next", NewPassword));

        foreach (var page in new[] { "/admin", "/admin/orders", "/admin/audit", "/admin/pricing" })
        {
            var refused = await client.GetAsync(page);
            Assert.Equal(HttpStatusCode.Redirect, refused.StatusCode);
            Assert.Equal(OperatorConsoleServiceCollectionExtensions.TwoFactorPath, PathOf(refused));
        }
        Assert.Equal(HttpStatusCode.Forbidden, (await client.PostAsync("/admin/export/orders.csv", new FormUrlEncodedContent([]))).StatusCode);

        var setUp = await client.GetStringAsync("/admin/two-factor");
        Assert.Contains("it is required for every operator", setUp);
        var key = AuthenticatorKey().Match(setUp).Groups[1].Value.Replace(" ", "", StringComparison.Ordinal);
        var wrong = await PostFormAsync(client, "/admin/two-factor", "operator-two-factor-on", ("Input.Code", "000000"));
        Assert.Contains("That code is not the one the app shows now.", Html(await wrong.Content.ReadAsStringAsync()));
        // Codes are checked on the app's clock (here hours away from the wall clock), like every other time in the store.
        var wallClock = await PostFormAsync(client, "/admin/two-factor", "operator-two-factor-on", ("Input.Code", Authenticator.Code(key, TimeProvider.System.GetUtcNow())));
        Assert.Contains("That code is not the one the app shows now.", Html(await wallClock.Content.ReadAsStringAsync()));
        Assert.Equal(HttpStatusCode.Redirect, (await client.GetAsync("/admin")).StatusCode);

        var on = await PostFormAsync(client, "/admin/two-factor", "operator-two-factor-on", ("Input.Code", CodeNow(host, key)));
        var page2 = await on.Content.ReadAsStringAsync();
        Assert.Contains("Two-factor sign-in is on.", page2);
        var codes = RecoveryCode().Matches(page2).Select(m => m.Groups[1].Value).ToList();
        Assert.Equal(10, codes.Count);
        Assert.Equal(10, codes.Distinct().Count());

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/admin")).StatusCode);
        // Shown once: the page afterwards says how many are left, never the codes.
        var later = await client.GetStringAsync("/admin/two-factor");
        Assert.Contains("10 recovery codes left.", later);
        Assert.DoesNotContain(codes[0], later);
        Assert.DoesNotContain(codes[0], await client.GetStringAsync("/admin/audit"));
    }

    [Fact]
    public async Task WithTwoFactorTheRightPasswordAloneDoesNotSignInAndAnAuthenticatorCodeSignsInOnlyOnce()
    {
        var (host, client, key, _) = await EnrolledOperatorAsync();
        await using var _ = host;
        using var __ = client;

        using var fresh = Browser(host);
        var password = await SignInAsync(fresh, NewPassword);
        Assert.Equal("/admin/sign-in/code", PathOf(password));
        Assert.Equal(HttpStatusCode.Redirect, (await fresh.GetAsync("/admin")).StatusCode);
        Assert.Contains("Wrong code", Html(await (await PostFormAsync(fresh, "/admin/sign-in/code", "operator-sign-in-code", ("Input.Code", "000000"))).Content.ReadAsStringAsync()));

        var code = CodeNow(host, key);
        var first = await PostFormAsync(fresh, "/admin/sign-in/code", "operator-sign-in-code", ("Input.Code", code));
        Assert.Equal(HttpStatusCode.Redirect, first.StatusCode);
        Assert.Equal("/admin", PathOf(first));
        Assert.Equal(HttpStatusCode.OK, (await fresh.GetAsync("/admin")).StatusCode);

        // The same code again, still within its 30 seconds (and within the drift allowed), from another browser: refused.
        host.Clock.Advance(TimeSpan.FromSeconds(5));
        var (replayClient, replay) = await SignInWithCodeAsync(host, code);
        using var ___ = replayClient;
        Assert.Equal(HttpStatusCode.OK, replay.StatusCode);
        Assert.Contains("a code already used", Html(await replay.Content.ReadAsStringAsync()));
        Assert.Equal(HttpStatusCode.Redirect, (await replayClient.GetAsync("/admin")).StatusCode);

        // The next step's code works.
        NextStep(host);
        var (nextClient, next) = await SignInWithCodeAsync(host, CodeNow(host, key));
        using var ____ = nextClient;
        Assert.Equal(HttpStatusCode.Redirect, next.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await nextClient.GetAsync("/admin")).StatusCode);

        var audit = Html(await fresh.GetStringAsync("/admin/audit"));
        Assert.Contains("with authenticator code", audit);
        Assert.Contains("wrong or reused authenticator code", audit);
        Assert.DoesNotContain(code, audit);
    }

    [Fact]
    public async Task ARecoveryCodeSignsInOnceWithoutTheAuthenticator()
    {
        var (host, client, _, codes) = await EnrolledOperatorAsync();
        await using var _ = host;
        using var __ = client;

        var (first, used) = await SignInWithCodeAsync(host, codes[3].ToLowerInvariant(), "/admin/sign-in/recovery", "operator-sign-in-recovery");
        using var ___ = first;
        Assert.Equal(HttpStatusCode.Redirect, used.StatusCode);
        Assert.Equal("/admin", PathOf(used));
        Assert.Equal(HttpStatusCode.OK, (await first.GetAsync("/admin")).StatusCode);

        var (second, again) = await SignInWithCodeAsync(host, codes[3], "/admin/sign-in/recovery", "operator-sign-in-recovery");
        using var ____ = second;
        Assert.Contains("Wrong or used recovery code", Html(await again.Content.ReadAsStringAsync()));
        Assert.Equal(HttpStatusCode.Redirect, (await second.GetAsync("/admin")).StatusCode);
        Assert.Contains("9 recovery codes left.", await first.GetStringAsync("/admin/two-factor"));
    }

    [Fact]
    public async Task AfterSignInTheOperatorIsSentOnlyToAConsolePage()
    {
        var (host, client, key, _) = await EnrolledOperatorAsync();
        await using var _ = host;
        using var __ = client;

        foreach (var (returnUrl, expected) in new[] { ("/admin/orders?status=Paid", "/admin/orders?status=Paid"), ("//evil.example", "/admin"), ("/admin.evil.example", "/admin"), ("/admin/../orders", "/admin") })
        {
            using var fresh = Browser(host);
            var signIn = await PostFormAsync(fresh, "/admin/sign-in?returnUrl=" + Uri.EscapeDataString(returnUrl), "operator-sign-in", ("Input.Email", Email), ("Input.Password", NewPassword));
            var codePage = signIn.Headers.Location!.OriginalString;
            NextStep(host);
            var answer = await PostFormAsync(fresh, codePage, "operator-sign-in-code", ("Input.Code", CodeNow(host, key)));
            Assert.Equal(HttpStatusCode.Redirect, answer.StatusCode);
            Assert.Equal(expected, PathAndQueryOf(answer));
        }
    }

    [Fact]
    public async Task TheCodePageWithoutARightPasswordFirstSendsToSignIn()
    {
        var (host, _) = await StartWithOperatorAsync();
        await using var __ = host;
        using var client = Browser(host);

        foreach (var page in new[] { "/admin/sign-in/code", "/admin/sign-in/recovery" })
        {
            var response = await client.GetAsync(page);
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
            Assert.Equal("/admin/sign-in", PathOf(response));
        }
    }

    [GeneratedRegex("data-testid=\"authenticator-key\">([a-z0-9 ]+)<")]
    private static partial Regex AuthenticatorKey();

    [GeneratedRegex("data-testid=\"recovery-code-item\">([A-Z0-9-]+)<")]
    private static partial Regex RecoveryCode();
}

public partial class OperatorConsoleTests
{
    [Fact]
    public async Task OperatorResetGivesAnOperatorWhoLostTheAuthenticatorANewStartAndEndsTheirSessions()
    {
        var (host, client, _, codes) = await EnrolledOperatorAsync();
        using var __ = client;
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/admin")).StatusCode);
        await host.DisposeAsync();
        try
        {
            await ResetAndSignInAgainAsync(host, client, codes);
        }
        finally
        {
            StoreHost.DeleteDataDirectory(host.DataDirectory);
        }
    }

    private static async Task ResetAndSignInAgainAsync(StoreHost host, HttpClient client, IReadOnlyList<string> codes)
    {

        var output = new StringWriter();
        Assert.Equal(0, await OperatorCommand.RunAsync(["operator", "reset", Email, $"--Storage:DataDirectory={host.DataDirectory}"], output, StoreApp.ComposeServices));
        var password = OneTimePassword().Match(output.ToString()).Groups[1].Value;
        Assert.Equal(20, password.Length);
        Assert.Equal(1, await OperatorCommand.RunAsync(["operator", "reset", "nobody@example.com", $"--Storage:DataDirectory={host.DataDirectory}"], new StringWriter(), StoreApp.ComposeServices));

        await using var restarted = await StoreHost.StartAsync(clock: new Microsoft.Extensions.Time.Testing.FakeTimeProvider(StoreHost.Afternoon), dataDirectory: host.DataDirectory);
        // The session from before the reset ends at its cookie's next check against the account.
        restarted.Clock.Advance(TimeSpan.FromMinutes(2));
        using var before = new HttpRequestMessage(HttpMethod.Get, new Uri(restarted.BaseAddress, "/admin"));
        before.Headers.Add("Cookie", string.Join("; ", CookiesOf(client, host.BaseAddress).Select(c => $"{c.Name}={c.Value}")));
        using var plain = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = false });
        var stale = await plain.SendAsync(before);
        Assert.Equal(HttpStatusCode.Redirect, stale.StatusCode);
        Assert.Contains("/admin/sign-in", stale.Headers.Location!.OriginalString, StringComparison.Ordinal);

        using var old = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, CookieContainer = new CookieContainer() }) { BaseAddress = restarted.BaseAddress };
        // The old password and recovery codes are spent; the new one-time password leads to the password change, then two-factor.
        Assert.Contains(Blazor.Components.Admin.SignIn.Failed, Html(await (await SignInAsync(old, NewPassword)).Content.ReadAsStringAsync()));
        var signedIn = await SignInAsync(old, password);
        Assert.Equal(OperatorConsoleServiceCollectionExtensions.ChangePasswordPath, PathOf(signedIn));
        await PostFormAsync(old, "/admin/change-password", "operator-change-password", ("Input.Current", password), ("Input.Next", NewPassword));
        Assert.Equal(OperatorConsoleServiceCollectionExtensions.TwoFactorPath, PathOf(await old.GetAsync("/admin")));
        Assert.Contains("it is required for every operator", await old.GetStringAsync("/admin/two-factor"));
        await using var scope = restarted.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<Operator>>();
        Assert.Equal(0, await users.CountRecoveryCodesAsync((await users.FindByEmailAsync(Email))!));
        Assert.DoesNotContain(codes, c => output.ToString().Contains(c, StringComparison.Ordinal));
    }

    /// <summary>The cookies a test browser holds for <paramref name="site"/>.</summary>
    private static IEnumerable<Cookie> CookiesOf(HttpClient client, Uri site) => Jars.TryGetValue(client, out var jar) ? jar.GetCookies(site) : [];
}
