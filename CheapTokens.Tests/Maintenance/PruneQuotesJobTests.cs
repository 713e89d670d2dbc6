using System.Net.Http.Json;
using System.Text.Json;
using CheapTokens.Blazor.Data;
using CheapTokens.Blazor.Maintenance;
using CheapTokens.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace CheapTokens.Tests.Maintenance;

public class PruneQuotesJobTests
{
    private static async Task<int> PruneAsync(StoreHost host)
    {
        using var scope = host.Services.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<PruneQuotesJob>().PruneAsync(default);
    }

    private static async Task<List<Guid>> QuoteIdsAsync(StoreHost host)
    {
        await using var db = await host.Services.GetRequiredService<IDbContextFactory<StoreDbContext>>().CreateDbContextAsync();
        return await db.Quotes.Select(q => q.Id).ToListAsync();
    }

    [Fact]
    public async Task QuotesUnusedForADayAfterExpiringAreDeletedAndOrderedOnesStay()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 6, 1, 9, 0, 0, TimeSpan.Zero));
        await using var host = await StoreHost.StartAsync(clock: clock);
        using var http = host.CreateClient();
        var unused = (await (await http.PostAsJsonAsync("/api/quotes", new { credits = 2 })).Content.ReadFromJsonAsync<JsonElement>())
            .GetProperty("id").GetGuid();
        var token = await host.BuyCreditsAsync(1);

        clock.Advance(TimeSpan.FromHours(20));
        Assert.Equal(0, await PruneAsync(host)); // expired, but not yet a day ago

        clock.Advance(TimeSpan.FromHours(5));
        Assert.Equal(1, await PruneAsync(host));

        var left = await QuoteIdsAsync(host);
        Assert.DoesNotContain(unused, left);
        Assert.Single(left);
        Assert.Equal(token, (await host.GetOrderAsync(token)).GetProperty("token").GetString());
        Assert.Equal(0, await PruneAsync(host));
    }

    [Fact]
    public async Task OffersMadeOverX402GoADayAfterTheirQuoteExpired()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 6, 1, 9, 0, 0, TimeSpan.Zero));
        await using var host = await StoreHost.StartAsync(clock: clock);
        using var http = host.CreateClient();
        Assert.Equal(System.Net.HttpStatusCode.PaymentRequired, (await http.PostAsJsonAsync("/api/x402/orders", new { credits = 2 })).StatusCode);

        clock.Advance(TimeSpan.FromHours(20));
        await PruneAsync(host);
        Assert.Equal(1, await OfferCountAsync(host));

        clock.Advance(TimeSpan.FromHours(5));
        await PruneAsync(host);
        Assert.Equal(0, await OfferCountAsync(host));
    }

    private static async Task<int> OfferCountAsync(StoreHost host)
    {
        await using var db = await host.Services.GetRequiredService<IDbContextFactory<StoreDbContext>>().CreateDbContextAsync();
        return await db.Set<Blazor.Payments.X402.X402Offer>().CountAsync();
    }
}
