using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using CheapTokens.Blazor.Data;
using CheapTokens.Blazor.Maintenance;
using CheapTokens.Blazor.Payments.Webhooks;
using CheapTokens.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Stripe;

namespace CheapTokens.Tests.Maintenance;

public class PruneStripeEventsJobTests
{
    [Fact]
    public async Task AppliedEventsAreKeptThroughStripesThreeDaysOfRetriesThenDeletedAndUnappliedOnesStay()
    {
        await using var host = await StripeSimulation.StartAsync(standIn: o => o.WebhookUrl = "http://127.0.0.1:9/nowhere");
        const string payload = "{\"id\":\"evt_kept\",\"object\":\"event\",\"api_version\":\"API\",\"created\":1795000000,\"livemode\":false,"
                               + "\"type\":\"payment_intent.succeeded\",\"data\":{\"object\":{\"id\":\"pi_1\",\"object\":\"payment_intent\",\"amount\":500,\"currency\":\"usd\",\"status\":\"succeeded\"}}}";
        var body = payload.Replace("API", StripeConfiguration.ApiVersion, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await DeliverAsync(host, body)).Status);
        await host.Settlement().WaitForAsync(1);
        await using (var db = await Databases(host).CreateDbContextAsync())
        {
            // One the inbox has not applied yet (its next try is far off), received as long ago as the applied one.
            db.ReceivedStripeEvents.Add(new ReceivedStripeEvent
            {
                Id = "evt_owed", Type = "payment_intent.succeeded", PaymentIntentId = "pi_2",
                ReceivedAt = host.Clock.GetUtcNow(), NextAttemptAt = host.Clock.GetUtcNow().AddYears(1), Attempts = 9,
            });
            await db.SaveChangesAsync();
        }

        // Stripe's last retry, three days on (signed anew): still recognised, and nothing is pruned yet.
        host.Clock.Advance(TimeSpan.FromDays(3));
        Assert.True((await DeliverAsync(host, body)).Body.GetProperty("duplicate").GetBoolean());
        Assert.Equal(0, await PruneAsync(host));

        host.Clock.Advance(PruneStripeEventsJob.KeptFor - TimeSpan.FromDays(3) + TimeSpan.FromMinutes(1));
        Assert.Equal(1, await PruneAsync(host));

        await using var after = await Databases(host).CreateDbContextAsync();
        Assert.Equal(["evt_owed"], await after.ReceivedStripeEvents.Select(e => e.Id).ToListAsync());
        Assert.Equal(0, await PruneAsync(host));
    }

    private static IDbContextFactory<StoreDbContext> Databases(StoreHost host) => host.Get<IDbContextFactory<StoreDbContext>>();

    private static async Task<int> PruneAsync(StoreHost host)
    {
        using var scope = host.Services.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<PruneStripeEventsJob>().PruneAsync(default);
    }

    private static async Task<(HttpStatusCode Status, JsonElement Body)> DeliverAsync(StoreHost host, string payload)
    {
        using var http = host.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, StripeWebhookEndpoint.Path) { Content = new StringContent(payload, Encoding.UTF8, "application/json") };
        request.Headers.TryAddWithoutValidation("Stripe-Signature",
            EventUtility.GenerateSignatureHeader(payload, host.StripeOptions().WebhookSecret, host.Clock.GetUtcNow().ToUnixTimeSeconds()));
        using var response = await http.SendAsync(request);
        return (response.StatusCode, await response.Content.ReadFromJsonAsync<JsonElement>());
    }
}
