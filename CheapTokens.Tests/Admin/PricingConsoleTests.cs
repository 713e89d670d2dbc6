using System.Net.Http.Json;
using System.Text.Json;
using CheapTokens.Blazor.Admin;
using CheapTokens.Blazor.Pricing;
using CheapTokens.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace CheapTokens.Tests.Admin;

public class PricingConsoleTests : CheckoutApiTest
{
    private const string Operator = "ops@example.com";

    /// <summary>Half off list all day at $2: $1.000000 a credit whatever the time.</summary>
    private static PricingDraft HalfOffTwoDollars(string supply = "500") => new()
    {
        ListPrice = "2",
        Curve = "00:00 50\n24:00 50",
        DailySupply = supply,
        AdvanceDiscountPercent = "60",
        HorizonDays = "10",
    };

    private async Task<(IReadOnlyList<string> Errors, PricingVersion? Saved)> SaveAsync(PricingDraft draft)
    {
        await using var scope = _host.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<PricingConsole>().SaveAsync(draft, Operator, default);
    }

    private async Task<JsonElement> PricesAsync() => await Client.GetFromJsonAsync<JsonElement>("/api/prices");

    private async Task<decimal> QuotedUnitPriceAsync()
    {
        var response = await Client.PostAsJsonAsync("/api/quotes", new { credits = 1 });
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("unitPrice").GetDecimal();
    }

    [Fact]
    public async Task ASavedVersionPricesQuotesTheBoardPassesAndSupplyAtOnceAndIsAudited()
    {
        Assert.Equal(0.635m, await QuotedUnitPriceAsync());

        var (errors, saved) = await SaveAsync(HalfOffTwoDollars());

        Assert.Empty(errors);
        Assert.NotNull(saved);
        Assert.Equal(1.000000m, await QuotedUnitPriceAsync());
        var prices = await PricesAsync();
        Assert.Equal((2m, 1m, 500), (prices.GetProperty("listPrice").GetDecimal(), prices.GetProperty("unitPrice").GetDecimal(), prices.GetProperty("supply").GetProperty("total").GetInt32()));
        var dates = await Client.GetFromJsonAsync<JsonElement>("/api/passes/dates");
        Assert.Equal(10, dates.GetArrayLength());
        Assert.Equal(0.8m, dates[1].GetProperty("unitPrice").GetDecimal()); // 60 % off $2 for a later date

        await using var db = await _host.Get<IDbContextFactory<OperatorDbContext>>().CreateDbContextAsync();
        var entry = Assert.Single(await db.AuditLog.AsNoTracking().ToListAsync());
        Assert.Equal($"pricing version {saved.Id}", entry.Action);
        Assert.Equal((Operator, "list 2, supply 500, curve 00:00=50% 24:00=50%, pass advance 60% for 10 days"), (entry.Actor, entry.After));
        Assert.StartsWith("list 1.00, supply 100, curve 00:00=20%", entry.Before);
    }

    [Fact]
    public async Task AnInvalidVersionIsRefusedWithStartUpsMessagesAndChangesNothing()
    {
        var draft = HalfOffTwoDollars();
        draft.Curve = "00:00 50\n12:00 40\n23:00 60";
        draft.HorizonDays = "0";

        var (errors, saved) = await SaveAsync(draft);

        Assert.Null(saved);
        Assert.Contains("Pricing:Curve:1:DiscountPercent must not fall below the previous point's 50: the price would rise during the day.", errors);
        Assert.Contains("Pricing:Curve:2:At must be 24:00: the curve ends at midnight (was '23:00').", errors);
        Assert.Contains("Passes:HorizonDays must be between 1 and 366 (was 0).", errors);
        Assert.Equal(0.635m, await QuotedUnitPriceAsync());

        draft.Curve = "midnight fifty";
        Assert.Equal(["Curve line 1: write a time and a discount, e.g. \"18:00 43\" (was \"midnight fifty\")."], (await SaveAsync(draft)).Errors);
    }

    [Fact]
    public async Task TheNewestVersionIsInForceAfterARestart()
    {
        await SaveAsync(HalfOffTwoDollars());

        await using var restarted = await StoreHost.StartAsync(dataDirectory: _host.DataDirectory, clock: new FakeTimeProvider(StoreHost.Afternoon));
        using var client = restarted.CreateClient();
        var prices = await client.GetFromJsonAsync<JsonElement>("/api/prices");
        Assert.Equal(1m, prices.GetProperty("unitPrice").GetDecimal());
        Assert.Equal(500, prices.GetProperty("supply").GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task AVersionSavedByAnotherProcessIsInForceAtTheNextTick()
    {
        // Another node writes the version; this one only reads the database on its tick.
        await using (var db = await _host.OpenDbAsync())
        {
            var live = _host.Get<LivePricing>();
            var parsed = HalfOffTwoDollars().Parse(live.ConfiguredPasses).Settings!;
            db.PricingVersions.Add(new PricingVersion { CreatedAt = StoreHost.Afternoon, CreatedBy = "other node", Settings = parsed.ToJson() });
            await db.SaveChangesAsync();
        }
        Assert.Equal(0.635m, await QuotedUnitPriceAsync());

        await using (var scope = _host.Services.CreateAsyncScope())
            await scope.ServiceProvider.GetRequiredService<Blazor.LivePrices.PriceTickJob>().TickAsync(default);

        Assert.Equal(1m, (await PricesAsync()).GetProperty("unitPrice").GetDecimal());
        Assert.Equal(1m, await QuotedUnitPriceAsync());
    }

    [Fact]
    public async Task AVersionWhoseAuditEntryCannotBeWrittenIsNotSavedNorInForce()
    {
        var before = await QuotedUnitPriceAsync();
        await SalesControlTests.BreakTheAuditLogAsync(_host);

        await Assert.ThrowsAnyAsync<Exception>(() => SaveAsync(HalfOffTwoDollars()));

        await using var db = await _host.Get<IDbContextFactory<Blazor.Data.StoreDbContext>>().CreateDbContextAsync();
        Assert.Empty(await db.PricingVersions.ToListAsync());
        Assert.Equal(0, _host.Get<LivePricing>().Version);
        Assert.Equal(before, await QuotedUnitPriceAsync());
    }
}
