using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using CheapTokens.Blazor.Admin;
using CheapTokens.Blazor.Checkout;
using CheapTokens.Blazor.Hosting;
using CheapTokens.Tests.Support;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace CheapTokens.Tests.Browser;

/// <summary>The operator console in Chromium, against the real app on a midday clock (stand-in Venice and sandbox payments).</summary>
[Collection(BrowserCollection.Name)]
public partial class OperatorConsolePageTests(BrowserFixture browser)
{
    internal const string Email = "ops@example.com";
    internal const string NewPassword = "A-much-better-passw0rd";
    private const int TickMilliseconds = 1000;

    /// <summary>An operator added by the real command, then the store on the same data folder.</summary>
    internal static async Task<(StoreHost Host, string Password)> StartAsync(Action<IServiceCollection>? services = null, Dictionary<string, string?>? settings = null)
    {
        var dataDirectory = StoreHost.NewDataDirectory();
        var output = new StringWriter();
        Assert.Equal(0, await OperatorCommand.RunAsync(["operator", "add", Email, $"--Storage:DataDirectory={dataDirectory}"], output, StoreApp.ComposeServices));
        var password = OneTimePassword().Match(output.ToString()).Groups[1].Value;
        settings ??= [];
        settings["LivePrices:TickIntervalMilliseconds"] = TickMilliseconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var host = await StoreHost.StartAsync(
            settings,
            clock: new MiddayClock(), services: services, dataDirectory: dataDirectory);
        return (host, password);
    }

    internal static async Task SignInAsync(IPage page, StoreHost host, string password)
    {
        await page.GotoAsync(new Uri(host.BaseAddress, "/admin/sign-in").ToString());
        await page.GetByTestId("operator-email").FillAsync(Email);
        await page.GetByTestId("operator-password").FillAsync(password);
        await page.GetByTestId("sign-in").ClickAsync();
    }

    /// <summary>
    /// Signs in with the one-time password, replaces it and sets up two-factor (the authenticator's code from the app's
    /// clock): the console's dashboard is then open. Returns the recovery codes shown at enrolment, to confirm actions with.
    /// </summary>
    private static async Task<Queue<string>> SignInFirstTimeAsync(IPage page, StoreHost host, string password)
    {
        await SignInAsync(page, host, password);
        await Expect(page).ToHaveURLAsync(new Regex("/admin/change-password$"));
        await page.GetByTestId("current-password").FillAsync(password);
        await page.GetByTestId("new-password").FillAsync(NewPassword);
        await page.GetByTestId("change-password").ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("/admin/two-factor$"));
        var key = await page.GetByTestId("authenticator-key").InnerTextAsync();
        await page.GetByTestId("authenticator-code").FillAsync(Authenticator.Code(key, host.Get<TimeProvider>().GetUtcNow()));
        await page.GetByTestId("two-factor-on").ClickAsync();
        await Expect(page.GetByTestId("recovery-code-item")).ToHaveCountAsync(10);
        var codes = new Queue<string>(await page.GetByTestId("recovery-code-item").AllInnerTextsAsync());
        await page.GetByTestId("continue-to-console").ClickAsync();
        await Expect(page.GetByTestId("operator-name")).ToHaveTextAsync(Email);
        return codes;
    }

    private static async Task OpenAsync(IPage page, StoreHost host, string path)
    {
        await page.GotoAsync(new Uri(host.BaseAddress, path).ToString());
        await Expect(page.Locator("[data-testid=admin-nav][data-interactive=true]")).ToBeVisibleAsync(new() { Timeout = 15_000 });
    }

    /// <summary>Asks, types a fresh code (one of the recovery codes) when the action asks for one, and confirms.</summary>
    internal static async Task ConfirmAsync(IPage page, string action, Queue<string>? codes = null)
    {
        await page.GetByTestId(action + "-ask").ClickAsync();
        if (codes is not null) await page.GetByTestId(action + "-code").FillAsync(codes.Dequeue());
        await page.GetByTestId(action + "-confirm").ClickAsync();
    }

    private static async Task<string> AuditTextAsync(StoreHost host)
    {
        await using var db = await host.Get<IDbContextFactory<OperatorDbContext>>().CreateDbContextAsync();
        return string.Join("\n", (await db.AuditLog.AsNoTracking().ToListAsync()).Select(e => $"{e.Actor}: {e.Action} ({e.Before} → {e.After})"));
    }

    private static async Task<string> AuditAsync(IPage page, StoreHost host)
    {
        await page.GotoAsync(new Uri(host.BaseAddress, "/admin/audit").ToString());
        return await page.GetByTestId("audit-log").InnerTextAsync();
    }

    [Fact]
    public async Task SignInSignOutAndTheAddressIsStoppedAfterFiveFailures()
    {
        var (host, password) = await StartAsync();
        await using var _ = host;
        var (page, errors) = await browser.NewPageAsync();

        await SignInFirstTimeAsync(page, host, password);
        await page.GetByTestId("sign-out").ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("/admin/sign-in"));
        await page.GotoAsync(new Uri(host.BaseAddress, "/admin").ToString());
        await Expect(page).ToHaveURLAsync(new Regex("/admin/sign-in"));

        for (var i = 0; i < 5; i++)
        {
            await SignInAsync(page, host, "not-the-password");
            await Expect(page.GetByTestId("sign-in-error")).ToHaveTextAsync(CheapTokens.Blazor.Components.Admin.SignIn.Failed);
        }
        await SignInAsync(page, host, NewPassword);
        await Expect(page.GetByTestId("sign-in-error")).ToContainTextAsync("Too many failed sign-ins from your address.");
        await page.GotoAsync(new Uri(host.BaseAddress, "/admin").ToString());
        await Expect(page).ToHaveURLAsync(new Regex("/admin/sign-in"));

        // The wrong passwords answered 200 with the form again; nothing else went wrong on the pages.
        Assert.True(errors.Count == 0, string.Join("\n", errors));
    }

    [Fact]
    public async Task AnOpenOrderPageCannotRefundOnceTheOperatorsPasswordChangedElsewhere()
    {
        var (host, password) = await StartAsync(TestDoubles.RecordPaidOrders);
        await using var _ = host;
        var order = await host.PaidOrderAsync(credits: 2);
        var (page, _) = await browser.NewPageAsync();
        var codes = await SignInFirstTimeAsync(page, host, password);
        await OpenAsync(page, host, $"/admin/orders/{order.Id}");
        await Expect(page.GetByTestId("order-status")).ToHaveTextAsync("Paid");

        await using (var scope = host.Services.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<Operator>>();
            var account = (await users.FindByEmailAsync(Email))!;
            Assert.True((await users.ChangePasswordAsync(account, NewPassword, "Changed-elsewhere-passw0rd")).Succeeded);
        }
        // A right, unused code: only the session stands in the way.
        await ConfirmAsync(page, "refund", codes);

        await Expect(page.GetByTestId("refund-refused")).ToHaveTextAsync(OperatorStepUp.SessionEnded);
        Assert.Empty(await host.SandboxRefundsAsync());
        Assert.Equal(CheapTokens.Core.Orders.OrderStatus.Paid, (await host.OrderByTokenAsync(order.Token!)).Status);
        Assert.Contains($"refused: refund · order {order.Id}", await AuditTextAsync(host));
    }

    [Fact]
    public async Task AnOpenDashboardOfALockedOperatorCannotPauseSalesAndFallsBackToTheSignIn()
    {
        var (host, password) = await StartAsync(settings: new() { ["OperatorConsole:RevalidationSeconds"] = "5" });
        await using var _ = host;
        var (page, _) = await browser.NewPageAsync();
        var codes = await SignInFirstTimeAsync(page, host, password);
        await OpenAsync(page, host, "/admin");

        await using (var scope = host.Services.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<Operator>>();
            var account = (await users.FindByEmailAsync(Email))!;
            await users.SetLockoutEndDateAsync(account, DateTimeOffset.MaxValue);
        }
        await page.GetByTestId("pause-reason").FillAsync("Venice maintenance until 13:00 UTC.");
        await ConfirmAsync(page, "pause-sales", codes);

        await Expect(page.GetByTestId("pause-sales-refused")).ToHaveTextAsync(OperatorStepUp.SessionEnded);
        using var http = host.CreateClient();
        Assert.Equal(HttpStatusCode.Created, (await http.PostAsJsonAsync("/api/quotes", new { credits = 1 })).StatusCode);
        // The page's own check, every 5 s here: the console closes and the sign-in shows.
        await Expect(page).ToHaveURLAsync(new Regex("/admin/sign-in"), new() { Timeout = 20_000 });
    }

    [Fact]
    public async Task APriceChangeInTheConsoleMovesThePriceOnAnOpenStorefrontWithinTwoTicks()
    {
        var (host, password) = await StartAsync();
        await using var _ = host;
        var (console, consoleErrors) = await browser.NewPageAsync();
        var (store, storeErrors) = await browser.NewPageAsync();
        var codes = await SignInFirstTimeAsync(console, host, password);
        await store.GotoAsync(host.BaseAddress.ToString());
        await Expect(store.Locator("[data-testid=buy-credits][data-interactive=true]")).ToBeVisibleAsync(new() { Timeout = 15_000 });
        await Expect(store.GetByTestId("live-price")).Not.ToHaveTextAsync("$1.000000");

        await OpenAsync(console, host, "/admin/pricing");
        await console.GetByTestId("list-price").FillAsync("2");
        await console.GetByTestId("curve").FillAsync("00:00 50\n24:00 50");
        await Expect(console.GetByTestId("preview-price-now")).ToContainTextAsync("Preview: $1.000000 per credit now");
        await ConfirmAsync(console, "save-pricing", codes);
        await Expect(console.GetByTestId("pricing-saved")).ToContainTextAsync("is in force");

        await Expect(store.GetByTestId("live-price")).ToHaveTextAsync("$1.000000", new() { Timeout = 2 * TickMilliseconds });
        using var http = host.CreateClient();
        var quote = await (await http.PostAsJsonAsync("/api/quotes", new { credits = 1 })).Content.ReadFromJsonAsync<System.Text.Json.JsonElement>();
        Assert.Equal(1m, quote.GetProperty("unitPrice").GetDecimal());
        Assert.Contains("pricing version 1", await AuditAsync(console, host));
        Assert.True(consoleErrors.Count + storeErrors.Count == 0, string.Join("\n", consoleErrors.Concat(storeErrors)));
    }

    [Fact]
    public async Task PausingStopsTheStorefrontAndTheApiAndResumingSellsAgain()
    {
        var (host, password) = await StartAsync();
        await using var _ = host;
        var (console, _) = await browser.NewPageAsync();
        var (store, storeErrors) = await browser.NewPageAsync();
        var codes = await SignInFirstTimeAsync(console, host, password);
        await store.GotoAsync(host.BaseAddress.ToString());
        await Expect(store.Locator("[data-testid=buy-credits][data-interactive=true]")).ToBeVisibleAsync(new() { Timeout = 15_000 });
        using var http = host.CreateClient();

        await OpenAsync(console, host, "/admin");
        await console.GetByTestId("pause-reason").FillAsync("Venice maintenance until 13:00 UTC.");
        await ConfirmAsync(console, "pause-sales", codes);
        await Expect(console.GetByTestId("sales-state")).ToHaveTextAsync("Sales are paused: Venice maintenance until 13:00 UTC.");

        await Expect(store.GetByTestId("sales-paused")).ToContainTextAsync("Venice maintenance until 13:00 UTC.");
        await Expect(store.GetByTestId("lock-price")).ToBeDisabledAsync();
        var refused = await http.PostAsJsonAsync("/api/quotes", new { credits = 1 });
        Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.StatusCode);
        Assert.Contains("sales_paused", await refused.Content.ReadAsStringAsync());

        await ConfirmAsync(console, "resume-sales", codes);
        await Expect(console.GetByTestId("sales-state")).ToHaveTextAsync("Selling.");
        await Expect(store.GetByTestId("sales-paused")).ToHaveCountAsync(0);
        await Expect(store.GetByTestId("lock-price")).ToBeEnabledAsync();
        Assert.Equal(HttpStatusCode.Created, (await http.PostAsJsonAsync("/api/quotes", new { credits = 1 })).StatusCode);
        var audit = await AuditAsync(console, host);
        Assert.Contains("pause sales", audit);
        Assert.Contains("resume sales", audit);
        // The refused quote shows only in the API's answer, never as an error on the page.
        Assert.True(storeErrors.Count == 0, string.Join("\n", storeErrors));
    }

    [Fact]
    public async Task RetryProvisioningAndRefundAPaidOrderThatHasNoKeyEachAudited()
    {
        // Paid orders wait here: nothing provisions them, as when the worker is stuck.
        var (host, password) = await StartAsync(TestDoubles.RecordPaidOrders);
        await using var _ = host;
        var order = await host.PaidOrderAsync(credits: 2);
        var (page, errors) = await browser.NewPageAsync();
        var codes = await SignInFirstTimeAsync(page, host, password);

        await OpenAsync(page, host, "/admin/orders");
        await page.GetByTestId("search-text").FillAsync(StoreScenarios.Email);
        await page.GetByTestId("search").ClickAsync();
        await Expect(page.GetByTestId("order-row")).ToHaveCountAsync(1);
        await page.GetByTestId("order-row").GetByRole(AriaRole.Link).ClickAsync();
        await Expect(page.Locator("[data-testid=admin-nav][data-interactive=true]")).ToBeVisibleAsync(new() { Timeout = 15_000 });
        await Expect(page.GetByTestId("order-status")).ToHaveTextAsync("Paid");

        await ConfirmAsync(page, "retry-provisioning");
        await Expect(page.GetByTestId("action-result")).ToHaveTextAsync("Handed to provisioning: the worker mints its key next.");
        Assert.Equal([order.Id, order.Id], host.Provisioning().Orders);

        await ConfirmAsync(page, "refund", codes);
        await Expect(page.GetByTestId("action-result")).ToHaveTextAsync("Refunded.");
        await Expect(page.GetByTestId("order-status")).ToHaveTextAsync("Refunded");
        await Expect(page.GetByTestId("refund-ask")).ToBeDisabledAsync();
        Assert.Single(await host.SandboxRefundsAsync());
        await Expect(page.GetByTestId("timeline")).ToContainTextAsync($"{Email}: refund · order {order.Id}");

        var audit = await AuditAsync(page, host);
        Assert.Contains($"retry provisioning · order {order.Id}", audit);
        Assert.Contains($"refund · order {order.Id}", audit);
        Assert.True(errors.Count == 0, string.Join("\n", errors));
    }

    [Fact]
    public async Task RevokingAnOrdersKeyStopsItOnVeniceAndIsAudited()
    {
        var (host, password) = await StartAsync();
        await using var _ = host;
        var token = await host.BuyCreditsAsync(3);
        var fulfilled = await host.WaitForOrderStatusAsync(token, "fulfilled");
        var apiKey = fulfilled.GetProperty("apiKey").GetString()!;
        var order = await host.OrderByTokenAsync(token);
        var (page, errors) = await browser.NewPageAsync();
        var codes = await SignInFirstTimeAsync(page, host, password);

        await OpenAsync(page, host, "/admin/orders");
        await page.GetByTestId("search-text").FillAsync(apiKey[^6..]);
        await page.GetByTestId("search").ClickAsync();
        await Expect(page.GetByTestId("order-row")).ToHaveAttributeAsync("data-order-id", order.Id.ToString());

        await OpenAsync(page, host, $"/admin/orders/{order.Id}");
        await Expect(page.GetByTestId("key-state")).ToHaveTextAsync("Ready");
        var veniceCalls = page.Locator("[data-testid=timeline-event][data-kind='venice call']");
        await Expect(veniceCalls).ToHaveCountAsync(1);
        await Expect(veniceCalls).ToContainTextAsync("create key → HTTP 200 ok (attempt 1,");
        await ConfirmAsync(page, "revoke-key", codes);
        await Expect(page.GetByTestId("action-result")).ToHaveTextAsync("Key revoked on Venice.");
        await Expect(page.GetByTestId("key-state")).ToHaveTextAsync("Revoked");
        await Expect(veniceCalls).ToHaveCountAsync(2);
        await Expect(veniceCalls.Nth(1)).ToContainTextAsync("revoke key → HTTP 200 ok (attempt 1,");
        await Expect(page.GetByTestId("revoke-key-ask")).ToBeDisabledAsync();
        Assert.DoesNotContain(apiKey, await page.ContentAsync());
        Assert.Null(await host.Get<CheapTokens.Core.Venice.IVeniceKeyClient>().GetKeyAsync(fulfilled.GetProperty("veniceKeyId").GetString()!, default));

        Assert.Contains($"revoke key · order {order.Id}", await AuditAsync(page, host));
        Assert.True(errors.Count == 0, string.Join("\n", errors));
    }

    [Fact]
    public async Task RefundingAFulfilledOrderRevokesItsKeyThenRefundsAndIsAudited()
    {
        var (host, password) = await StartAsync();
        await using var _ = host;
        var token = await host.BuyCreditsAsync(3);
        var fulfilled = await host.WaitForOrderStatusAsync(token, "fulfilled");
        var veniceKeyId = fulfilled.GetProperty("veniceKeyId").GetString()!;
        var order = await host.OrderByTokenAsync(token);
        var (page, errors) = await browser.NewPageAsync();
        var codes = await SignInFirstTimeAsync(page, host, password);

        await OpenAsync(page, host, $"/admin/orders/{order.Id}");
        await Expect(page.GetByTestId("order-status")).ToHaveTextAsync("Ready");
        await page.GetByTestId("refund-ask").ClickAsync();
        await Expect(page.GetByTestId("refund")).ToContainTextAsync("Revoke this order's key on Venice (it stops working at once), then give");
        await page.GetByTestId("refund-code").FillAsync(codes.Dequeue());
        await page.GetByTestId("refund-confirm").ClickAsync();
        await Expect(page.GetByTestId("action-result")).ToHaveTextAsync("Refunded.");
        await Expect(page.GetByTestId("order-status")).ToHaveTextAsync("Refunded");
        await Expect(page.GetByTestId("key-state")).ToHaveTextAsync("Revoked");
        await Expect(page.GetByTestId("refund-ask")).ToBeDisabledAsync();
        Assert.Null(await host.Get<CheapTokens.Core.Venice.IVeniceKeyClient>().GetKeyAsync(veniceKeyId, default));
        Assert.Single(await host.SandboxRefundsAsync());

        Assert.Contains($"refund · order {order.Id}", await AuditAsync(page, host));
        Assert.True(errors.Count == 0, string.Join("\n", errors));
    }

    [Fact]
    public async Task ResendingTheReceiptSendsOneNewLinkPerConfirmationAndRetiringStopsTheEarlierLinks()
    {
        var (host, password) = await StartAsync(TestDoubles.RecordPaidOrders);
        await using var _ = host;
        var order = await host.PaidOrderAsync(credits: 2);
        var mailed = host.Get<RecordingReceiptSender>();
        var sentBefore = mailed.Sent.Count;
        var (page, errors) = await browser.NewPageAsync();
        var codes = await SignInFirstTimeAsync(page, host, password);
        using var http = host.CreateClient();
        async Task<HttpStatusCode> OpensAsync(string token) => (await http.GetAsync($"/api/orders/{token}")).StatusCode;
        static string TokenOf(CheapTokens.Core.Orders.OrderReceipt receipt) => receipt.OrderPath["/orders/".Length..];

        await OpenAsync(page, host, $"/admin/orders/{order.Id}");
        await page.GetByTestId("resend-receipt-ask").ClickAsync();
        await Expect(page.GetByTestId("resend-receipt")).ToContainTextAsync("The earlier links keep working.");
        // A double click on the confirm button is one resend.
        await page.GetByTestId("resend-receipt-confirm").DblClickAsync();
        await Expect(page.GetByTestId("action-result")).ToHaveTextAsync("Receipt sent to b***@example.com with a new link; earlier links still work.");
        var first = TokenOf(Assert.Single(mailed.Sent.Skip(sentBefore)));
        Assert.Equal(HttpStatusCode.OK, await OpensAsync(first));
        Assert.Equal(HttpStatusCode.OK, await OpensAsync(order.Token!));

        // A leaked link: send again and retire every earlier one.
        await page.GetByText("Retire the earlier links").ClickAsync();
        await page.GetByTestId("resend-receipt-ask").ClickAsync();
        await Expect(page.GetByTestId("resend-receipt")).ToContainTextAsync("The earlier links stop opening it.");
        await page.GetByTestId("resend-receipt-confirm").ClickAsync();
        await Expect(page.GetByTestId("action-result")).ToHaveTextAsync("Receipt sent to b***@example.com with a new link; the earlier links no longer open the order.");
        Assert.Equal(2, mailed.Sent.Count - sentBefore);
        var newest = TokenOf(mailed.Sent[^1]);
        Assert.Equal(HttpStatusCode.OK, await OpensAsync(newest));
        Assert.Equal(HttpStatusCode.NotFound, await OpensAsync(first));
        Assert.Equal(HttpStatusCode.NotFound, await OpensAsync(order.Token!));
        await Expect(page.GetByTestId("timeline")).ToContainTextAsync($"{Email}: resend receipt · order {order.Id}");

        var audit = await AuditAsync(page, host);
        Assert.Equal(2, Regex.Matches(audit, Regex.Escape($"resend receipt · order {order.Id}")).Count);
        Assert.DoesNotContain(first, audit, StringComparison.Ordinal);
        Assert.DoesNotContain(newest, audit, StringComparison.Ordinal);
        Assert.True(errors.Count == 0, string.Join("\n", errors));
    }

    [GeneratedRegex(@"One-time password: (\S+)")]
    private static partial Regex OneTimePassword();
}
