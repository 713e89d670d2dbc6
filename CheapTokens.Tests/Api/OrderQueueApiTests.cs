using System.Net;
using CheapTokens.Blazor.Payments;
using CheapTokens.Blazor.Provisioning;
using CheapTokens.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Time.Testing;

namespace CheapTokens.Tests.Api;

/// <summary>An HTTP buyer whose key is not there yet is told why: its place in line and about how long.</summary>
public class OrderQueueApiTests
{
    [Fact]
    public async Task APaidOrderWaitingForItsKeySaysItsPlaceInLineAndTheWait()
    {
        // Nothing mints here, so paid orders stay in line exactly where checkout put them.
        await using var host = await StoreHost.StartAsync(clock: new FakeTimeProvider(StoreHost.Afternoon), services: services =>
        {
            foreach (var worker in services.Where(d => d.ServiceType == typeof(IHostedService) && d.ImplementationType == typeof(ProvisioningWorker)).ToList())
                services.Remove(worker);
        });

        var tokens = new List<string>();
        for (var i = 0; i < 2; i++)
        {
            var body = new { quoteId = await host.QuoteOverHttpAsync(), email = $"line{i}@example.com", paymentMethod = SandboxPaymentProcessor.Ok };
            using var placed = await host.PlaceOverHttpAsync(body, $"key-line-{i:D4}");
            Assert.Equal(HttpStatusCode.Created, placed.StatusCode);
            tokens.Add((await HttpJson.ReadJsonAsync(placed)).GetProperty("token").GetString()!);
        }

        using var http = host.CreateClient();
        var first = await HttpJson.ReadJsonAsync(await http.GetAsync($"/api/orders/{tokens[0]}"));
        var second = await HttpJson.ReadJsonAsync(await http.GetAsync($"/api/orders/{tokens[1]}"));

        Assert.Equal("paid", second.GetProperty("status").GetString());
        Assert.Equal(0, first.GetProperty("queue").GetProperty("position").GetInt32());
        Assert.Equal(1, second.GetProperty("queue").GetProperty("position").GetInt32());
        Assert.True(second.GetProperty("queue").GetProperty("estimatedWaitSeconds").GetInt32() >= 0);
    }
}
