using System.Net;
using System.Net.Http.Json;
using CheapTokens.Blazor.Admin;
using CheapTokens.Blazor.Api;
using CheapTokens.Blazor.Checkout;
using CheapTokens.Blazor.Data;
using CheapTokens.Blazor.Http;
using CheapTokens.Blazor.LivePrices;
using CheapTokens.Blazor.Payments;
using CheapTokens.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static CheapTokens.Tests.Support.HttpJson;

namespace CheapTokens.Tests.Admin;

public class SalesControlTests : CheckoutApiTest
{
    private const string Operator = "ops@example.com";
    private const string Reason = "Venice maintenance until 16:00 UTC.";

    private async Task<bool> WithControlAsync(Func<SalesControl, Task<bool>> action)
    {
        await using var scope = _host.Services.CreateAsyncScope();
        return await action(scope.ServiceProvider.GetRequiredService<SalesControl>());
    }

    private Task<HttpResponseMessage> PlaceAsync(Guid quoteId) =>
        _host.PlaceOverHttpAsync(new { quoteId, email = "buyer@example.com", paymentMethod = SandboxPaymentProcessor.Ok }, Guid.NewGuid().ToString());

    private static async Task AssertPausedAsync(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await ReadJsonAsync(response);
        Assert.Equal(503, problem.GetProperty("status").GetInt32());
        Assert.Equal(ProblemCodes.SalesPaused, problem.GetProperty("code").GetString());
        Assert.Equal(Reason, problem.GetProperty("reason").GetString());
    }

    [Fact]
    public async Task PausedSalesRefuseQuotesAndOrdersWithTheReasonAndResumingSellsAgain()
    {
        var quoteBefore = await _host.QuoteOverHttpAsync(credits: 5);

        Assert.True(await WithControlAsync(c => c.PauseAsync(Reason, Operator, default)));

        await AssertPausedAsync(await Client.PostAsJsonAsync("/api/quotes", new { credits = 5 }));
        await AssertPausedAsync(await PlaceAsync(quoteBefore));
        var prices = await Client.GetFromJsonAsync<System.Text.Json.JsonElement>("/api/prices");
        Assert.True(prices.GetProperty("salesPaused").GetBoolean());
        Assert.Equal(Reason, prices.GetProperty("pauseReason").GetString());
        Assert.Equal(0, (await _host.CountRowsAsync()).Orders);

        Assert.True(await WithControlAsync(c => c.ResumeAsync(Operator, default)));

        Assert.Equal(HttpStatusCode.Created, (await PlaceAsync(quoteBefore)).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await Client.PostAsJsonAsync("/api/quotes", new { credits = 5 })).StatusCode);
        Assert.False(_host.Get<PriceFeed>().Latest!.SalesPausedReason is not null);
    }

    [Fact]
    public async Task PauseAndResumeAreAuditedOnceEachAndTheBoardCarriesThePauseAtOnce()
    {
        Assert.True(await WithControlAsync(c => c.PauseAsync(Reason, Operator, default)));
        Assert.Equal(Reason, _host.Get<PriceFeed>().Latest!.SalesPausedReason);
        // The same request again (a double click) changes nothing and is not logged twice.
        Assert.False(await WithControlAsync(c => c.PauseAsync(Reason, Operator, default)));
        Assert.True(await WithControlAsync(c => c.ResumeAsync(Operator, default)));
        Assert.Null(_host.Get<PriceFeed>().Latest!.SalesPausedReason);

        await using var db = await _host.Get<IDbContextFactory<OperatorDbContext>>().CreateDbContextAsync();
        var entries = await db.AuditLog.AsNoTracking().OrderBy(e => e.Id).ToListAsync();
        Assert.Collection(entries,
            e => Assert.Equal(("pause sales", Operator, "selling", "paused: " + Reason), (e.Action, e.Actor, e.Before, e.After)),
            e => Assert.Equal(("resume sales", Operator, "paused: " + Reason, "selling"), (e.Action, e.Actor, e.Before, e.After)));
    }

    [Fact]
    public async Task APauseOutlivesARestart()
    {
        Assert.True(await WithControlAsync(c => c.PauseAsync(Reason, Operator, default)));

        var restarted = await StoreHost.StartAsync(dataDirectory: _host.DataDirectory, clock: new Microsoft.Extensions.Time.Testing.FakeTimeProvider(StoreHost.Afternoon));
        await using var _ = restarted;
        using var client = restarted.CreateClient();
        await AssertPausedAsync(await client.PostAsJsonAsync("/api/quotes", new { credits = 5 }));
    }

    [Fact]
    public async Task AnEmptyReasonIsRefused()
    {
        await Assert.ThrowsAsync<ArgumentException>(() => WithControlAsync(c => c.PauseAsync("  ", Operator, default)));
        Assert.Equal(HttpStatusCode.Created, (await Client.PostAsJsonAsync("/api/quotes", new { credits = 5 })).StatusCode);
    }

    /// <summary>Makes every audit insert fail, as a full disk or a lost table would.</summary>
    internal static async Task BreakTheAuditLogAsync(StoreHost host)
    {
        await using var db = await host.Get<IDbContextFactory<StoreDbContext>>().CreateDbContextAsync();
        if (db.Database.IsNpgsql())
        {
            await db.Database.ExecuteSqlRawAsync("CREATE FUNCTION audit_down() RETURNS trigger AS $$ BEGIN RAISE EXCEPTION 'audit log down'; END $$ LANGUAGE plpgsql;");
            await db.Database.ExecuteSqlRawAsync("CREATE TRIGGER audit_down BEFORE INSERT ON \"AuditLog\" FOR EACH ROW EXECUTE FUNCTION audit_down();");
        }
        else
        {
            await db.Database.ExecuteSqlRawAsync("CREATE TRIGGER audit_down BEFORE INSERT ON AuditLog BEGIN SELECT RAISE(ABORT, 'audit log down'); END;");
        }
    }

    [Fact]
    public async Task APauseWhoseAuditEntryCannotBeWrittenDoesNotHappen()
    {
        await BreakTheAuditLogAsync(_host);

        await Assert.ThrowsAnyAsync<Exception>(() => WithControlAsync(c => c.PauseAsync(Reason, Operator, default)));

        // Neither the switch nor its record: the store sells, here and for any node reading the database.
        Assert.False((await _host.Get<SalesGate>().RefreshAsync(default)).Paused);
        await using var db = await _host.Get<IDbContextFactory<StoreDbContext>>().CreateDbContextAsync();
        Assert.Empty(await db.SalesPauses.ToListAsync());
        Assert.Equal(HttpStatusCode.Created, (await Client.PostAsJsonAsync("/api/quotes", new { credits = 5 })).StatusCode);
    }
}
