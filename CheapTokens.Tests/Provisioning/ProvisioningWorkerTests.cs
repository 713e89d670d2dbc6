using CheapTokens.StandIns.Sandbox;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using CheapTokens.Blazor.Data;
using CheapTokens.Blazor.Orders;
using CheapTokens.Blazor.Payments;
using CheapTokens.Core.Payments;
using CheapTokens.Blazor.Provisioning;
using CheapTokens.Blazor.Venice;
using CheapTokens.StandIns.Venice;
using CheapTokens.Core.Venice;
using CheapTokens.Tests.Support;
using CheapTokens.Tests.Venice;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace CheapTokens.Tests.Provisioning;

public class ProvisioningWorkerTests
{
    /// <summary>Late evening UTC, so keys expire within hours and a test can step past midnight.</summary>
    private static FakeTimeProvider Evening() => new(new DateTimeOffset(2026, 3, 10, 21, 0, 0, TimeSpan.Zero));

    private static readonly Dictionary<string, string?> QuickRetries = new()
    {
        ["Venice:RetryBaseDelayMs"] = "10",
        ["Provisioning:RetryDelaySeconds"] = "0",
    };

    private static async Task<HttpResponseMessage> ChatAsync(StoreHost host, string apiKey)
    {
        using var http = host.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, $"{VeniceSimulatorEndpoints.BasePath}/chat/completions")
        {
            Content = JsonContent.Create(new { model = VeniceNames.ExampleModel, messages = new[] { new { role = "user", content = "Hi" } } }),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", apiKey);
        return await http.SendAsync(request);
    }

    private static async Task<List<SandboxCharge>> ChargesAsync(StoreHost host)
    {
        await using var db = await host.OpenStandInsDbAsync();
        return await db.SandboxCharges.ToListAsync();
    }

    [Fact]
    public async Task APaidOrderBecomesAKeyThatWorksUntilItsLimitAndMidnight()
    {
        var clock = Evening();
        await using var host = await StoreHost.StartAsync(new Dictionary<string, string?> { ["Venice:Simulator:ChatCostDiem"] = "1" }, clock);

        var token = await host.BuyCreditsAsync(credits: 2);
        var order = await host.WaitForOrderStatusAsync(token, "fulfilled");
        var apiKey = order.GetProperty("apiKey").GetString()!;

        Assert.Equal(new DateTimeOffset(2026, 3, 11, 0, 0, 0, TimeSpan.Zero), order.GetProperty("expiresAt").GetDateTimeOffset());
        Assert.Equal(HttpStatusCode.OK, (await ChatAsync(host, apiKey)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await ChatAsync(host, apiKey)).StatusCode);
        Assert.Equal(HttpStatusCode.PaymentRequired, (await ChatAsync(host, apiKey)).StatusCode);

        clock.SetUtcNow(new DateTimeOffset(2026, 3, 11, 0, 0, 0, TimeSpan.Zero));
        Assert.Equal(HttpStatusCode.Unauthorized, (await ChatAsync(host, apiKey)).StatusCode);
    }

    [Fact]
    public async Task VeniceRateLimitingThenSuccessStillYieldsOneKey()
    {
        var logs = new CapturingLoggerProvider();
        // A throttle that is waited out is information, below the tests' usual log level.
        var settings = new Dictionary<string, string?>(QuickRetries) { ["Logging:LogLevel:CheapTokens.Blazor.Venice"] = "Information" };
        await using var host = await StoreHost.StartAsync(settings, Evening(), s => s.AddSingleton<ILoggerProvider>(logs));
        host.Simulator().InjectFaults(fail429: 1, retryAfterSeconds: 1);

        var token = await host.BuyCreditsAsync(credits: 3);
        await host.WaitForOrderStatusAsync(token, "fulfilled");

        Assert.Equal(1, await host.LiveKeyCountAsync());
        Assert.Contains(logs.Lines, line => line.StartsWith("Information", StringComparison.Ordinal) && line.Contains("throttled the call (HTTP 429); retry 1", StringComparison.Ordinal));
    }

    [Fact]
    public async Task VeniceServerErrorsThenSuccessStillYieldsOneKey()
    {
        var logs = new CapturingLoggerProvider();
        await using var host = await StoreHost.StartAsync(QuickRetries, Evening(), s => s.AddSingleton<ILoggerProvider>(logs));
        host.Simulator().InjectFaults(fail500: 2);

        var token = await host.BuyCreditsAsync(credits: 3);
        await host.WaitForOrderStatusAsync(token, "fulfilled");

        Assert.Equal(1, await host.LiveKeyCountAsync());
        Assert.Equal(2, logs.Lines.Count(line => line.Contains("Venice call failed (HTTP 500)", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task ABadAdminKeyFailsTheOrderAndRefundsItWithoutLeakingSecrets()
    {
        var clock = Evening();
        var logs = new CapturingLoggerProvider();
        // Venice knows a different admin key than the one the store was configured with.
        var venice = await VeniceSimulation.StandaloneAsync(clock,
            new VeniceOptions { AdminKey = "the-real-admin-key", Simulator = new() { Enabled = true } });
        await using var host = await StoreHost.StartAsync(
            new Dictionary<string, string?> { ["Venice:AdminKey"] = "a-wrong-admin-key" }, clock,
            services: s =>
            {
                s.AddSingleton(venice);
                s.AddSingleton<ILoggerProvider>(logs);
            });

        var token = await host.BuyCreditsAsync(credits: 4);
        var order = await host.WaitForOrderStatusAsync(token, "refunded");

        Assert.False(order.TryGetProperty("apiKey", out var key) && key.ValueKind == System.Text.Json.JsonValueKind.String);
        Assert.Equal(0, await host.LiveKeyCountAsync());
        Assert.Single(await ChargesAsync(host), c => c.Succeeded);
        Assert.Single(await host.SandboxRefundsAsync());
        Assert.Equal(PaymentState.Refunded, Assert.Single(await host.PaymentsAsync()).State);
        Assert.DoesNotContain(logs.Lines, line => line.Contains("a-wrong-admin-key", StringComparison.Ordinal));
        Assert.DoesNotContain(logs.Lines, line => line.Contains("the-real-admin-key", StringComparison.Ordinal));
    }

    [Fact]
    public async Task KeysAndAdminKeyNeverReachTheLogs()
    {
        var logs = new CapturingLoggerProvider();
        await using var host = await StoreHost.StartAsync(
            new Dictionary<string, string?> { ["Venice:AdminKey"] = "store-admin-secret", ["Logging:LogLevel:Default"] = "Trace" },
            Evening(), services: s => s.AddSingleton<ILoggerProvider>(logs));

        var token = await host.BuyCreditsAsync(credits: 1);
        var apiKey = (await host.WaitForOrderStatusAsync(token, "fulfilled")).GetProperty("apiKey").GetString()!;

        Assert.NotEmpty(logs.Lines);
        Assert.DoesNotContain(logs.Lines, line => line.Contains(apiKey, StringComparison.Ordinal));
        Assert.DoesNotContain(logs.Lines, line => line.Contains("store-admin-secret", StringComparison.Ordinal));
    }

    [Fact]
    public async Task AfterARestartAKeyVeniceMadeButTheStoreNeverRecordedIsRevokedAndTheOrderEndsWithOneKeyAndOneCharge()
    {
        var clock = Evening();
        var dataDirectory = StoreHost.NewDataDirectory();
        var logs = new CapturingLoggerProvider();
        // Venice outlives the store process, so both runs of the store talk to the same one.
        var venice = await VeniceSimulation.StandaloneAsync(clock,
            new VeniceOptions { AdminKey = "restart-admin", Simulator = new() { Enabled = true, RateLimitPerMinute = 1000 } });
        var settings = new Dictionary<string, string?>
        {
            ["Venice:AdminKey"] = "restart-admin",
            ["Venice:RetryBaseDelayMs"] = "10",
            ["Venice:MaxRetries"] = "0",
            ["Provisioning:MaxAttempts"] = "20",
            ["Provisioning:RetryDelaySeconds"] = "3600",
        };

        string token;
        string description;
        // The first run of the store is stopped while its order is mid-provisioning (its key creation failed and
        // waits an hour to be tried again); the key an interrupted attempt would leave on Venice is planted by hand.
        await using (var first = await StoreHost.StartAsync(settings, clock, s => s.AddSingleton(venice).AddSingleton<ILoggerProvider>(logs), dataDirectory))
        {
            venice.InjectFaults(fail500: 1000);
            token = await first.BuyCreditsAsync(credits: 5);
            await first.WaitForOrderStatusAsync(token, "provisioning");
            using (var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(30)))
            {
                // Wait until the worker's attempt reached Venice, then let Venice recover.
                while (!logs.Lines.Any(line => line.Contains("Venice is unavailable", StringComparison.Ordinal))) await Task.Delay(50, deadline.Token);
            }
            venice.InjectFaults();
            // The interrupted attempt got as far as Venice creating the key, but the store never saved it.
            var orderId = (await first.Services.GetRequiredService<OrderStore>().FindByTokenAsync(token, default))!.Id;
            description = OrderFulfillment.KeyDescriptionFor(orderId);
            var leftover = await venice.CreateKeyAsync(new VeniceSimulatorKeySpec(description, 5m, null, null, clock.GetUtcNow().AddHours(3)));
            Assert.Equal(200, leftover.StatusCode);
        }

        try
        {
            await using var second = await StoreHost.StartAsync(settings, clock, s => s.AddSingleton(venice), dataDirectory);
            var order = await second.WaitForOrderStatusAsync(token, "fulfilled");

            var client = second.Services.GetRequiredService<IVeniceKeyClient>();
            var live = (await client.ListKeysAsync(default)).Where(k => k.Description == description).ToList();
            Assert.Equal(order.GetProperty("veniceKeyId").GetString(), Assert.Single(live).Id);
            Assert.Single(await ChargesAsync(second), c => c.Succeeded);
        }
        finally
        {
            StoreHost.DeleteDataDirectory(dataDirectory);
        }
    }

    [Fact]
    public async Task TheSweepDeletesAStrayDuplicateButKeepsTheRecordedKey()
    {
        var clock = Evening();
        await using var host = await StoreHost.StartAsync(clock: clock);
        var token = await host.BuyCreditsAsync(credits: 1);
        var recordedId = (await host.WaitForOrderStatusAsync(token, "fulfilled")).GetProperty("veniceKeyId").GetString();
        var simulator = host.Services.GetRequiredService<VeniceSimulatorState>();
        var orderId = (await host.Services.GetRequiredService<OrderStore>().FindByTokenAsync(token, default))!.Id;
        // A create that Venice completed but whose answer was lost, then retried.
        await simulator.CreateKeyAsync(new VeniceSimulatorKeySpec(OrderFulfillment.KeyDescriptionFor(orderId), 1m, null, null, clock.GetUtcNow().AddHours(2)));
        Assert.Equal(2, await host.LiveKeyCountAsync());

        using var scope = host.Services.CreateScope();
        Assert.Equal(1, await scope.ServiceProvider.GetRequiredService<ExpiredKeySweepJob>().SweepAsync(default));

        var left = Assert.Single(await host.Services.GetRequiredService<IVeniceKeyClient>().ListKeysAsync(default));
        Assert.Equal(recordedId, left.Id);
    }

    [Fact]
    public async Task TheSweepDeletesOurKeysOnceExpired()
    {
        var clock = Evening();
        await using var host = await StoreHost.StartAsync(clock: clock);
        var token = await host.BuyCreditsAsync(credits: 1);
        await host.WaitForOrderStatusAsync(token, "fulfilled");
        var simulator = host.Services.GetRequiredService<VeniceSimulatorState>();
        using var scope = host.Services.CreateScope();
        var sweep = scope.ServiceProvider.GetRequiredService<ExpiredKeySweepJob>();

        Assert.Equal(0, await sweep.SweepAsync(default));
        Assert.Equal(1, await host.LiveKeyCountAsync());

        clock.SetUtcNow(new DateTimeOffset(2026, 3, 11, 0, 0, 1, TimeSpan.Zero));
        Assert.Equal(1, await sweep.SweepAsync(default));
        Assert.Equal(0, await host.LiveKeyCountAsync());
    }
}
