using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using CheapTokens.Blazor.Orders;
using CheapTokens.Blazor.Provisioning;
using CheapTokens.Blazor.Venice;
using CheapTokens.StandIns.Venice;
using CheapTokens.Core.Passes;
using CheapTokens.Core.Time;
using CheapTokens.Core.Venice;
using CheapTokens.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Quartz;

namespace CheapTokens.Tests.Provisioning;

public class PassProvisioningTests
{
    // Any date: the app, its scheduler included, runs on the test's fake clock.
    private static readonly DateOnly Today = new(2026, 3, 10);

    private static Task<VeniceSimulatorState> SharedVeniceAsync(TimeProvider clock) => VeniceSimulation.StandaloneAsync(clock,
        new VeniceOptions { AdminKey = "pass-admin", Simulator = new() { Enabled = true, ChatCostDiem = 1m } });

    private static readonly Dictionary<string, string?> Settings = new()
    {
        ["Venice:AdminKey"] = "pass-admin",
        ["Venice:Simulator:ChatCostDiem"] = "1",
    };

    private static async Task<int> EnqueueDueRunsAsync(StoreHost host)
    {
        using var scope = host.Services.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<MintDueRunsJob>().EnqueueDueRunsAsync(default);
    }

    /// <summary>The worker has looked at the order and set a wake-up for the run's first midnight.</summary>
    private static async Task WaitForWakeUpAsync(StoreHost host, Guid orderKeyId)
    {
        var scheduler = await host.Services.GetRequiredService<ISchedulerFactory>().GetScheduler();
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (!await scheduler.Exists(new TriggerKey($"mint-{orderKeyId:N}"), deadline.Token)) await Task.Delay(50, deadline.Token);
    }

    private static async Task<Guid> FirstRunIdAsync(StoreHost host, string token) =>
        (await host.Services.GetRequiredService<OrderStore>().FindByTokenAsync(token, default))!.Keys.Single().Id;

    private static async Task<HttpStatusCode> ChatAsync(StoreHost host, string apiKey)
    {
        using var http = host.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, $"{VeniceSimulatorEndpoints.BasePath}/chat/completions")
        {
            Content = JsonContent.Create(new { model = VeniceNames.ExampleModel, messages = new[] { new { role = "user", content = "Hi" } } }),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", apiKey);
        return (await http.SendAsync(request)).StatusCode;
    }

    [Fact]
    public async Task AFutureRunIsMintedExactlyWhenItsFirstDateBeginsEvenAcrossARestart()
    {
        var clock = new FakeTimeProvider(UtcDay.StartOf(Today).AddHours(21));
        var venice = await SharedVeniceAsync(clock);
        var dataDirectory = StoreHost.NewDataDirectory();
        var firstDate = Today.AddDays(2);

        try
        {
            string token;
            await using (var first = await StoreHost.StartAsync(Settings, clock, s => s.AddSingleton(venice), dataDirectory))
            {
                token = await first.BuyPassAsync(3, firstDate);
                await WaitForWakeUpAsync(first, await FirstRunIdAsync(first, token));

                clock.SetUtcNow(UtcDay.StartOf(firstDate).AddMilliseconds(-1));
                Assert.Equal(0, await EnqueueDueRunsAsync(first));
                Assert.Equal(0, await first.LiveKeyCountAsync());
                Assert.Equal("scheduled", (await first.GetOrderAsync(token)).GetProperty("runs")[0].GetProperty("status").GetString());
            }

            await using var second = await StoreHost.StartAsync(Settings, clock, s => s.AddSingleton(venice), dataDirectory);
            await WaitForWakeUpAsync(second, await FirstRunIdAsync(second, token)); // re-scheduled from the database
            Assert.Equal(0, await second.LiveKeyCountAsync());

            // The wake-up trigger fires at that instant of the app's clock and the worker mints the run.
            clock.SetUtcNow(UtcDay.StartOf(firstDate));
            var order = await second.WaitForOrderStatusAsync(token, "fulfilled");

            var run = order.GetProperty("runs")[0];
            Assert.Equal(UtcDay.StartOf(firstDate), run.GetProperty("mintAt").GetDateTimeOffset());
            Assert.Equal(UtcDay.StartOf(firstDate.AddDays(1)), run.GetProperty("expiresAt").GetDateTimeOffset());
            Assert.False(string.IsNullOrEmpty(run.GetProperty("apiKey").GetString()));
            Assert.Equal(1, await second.LiveKeyCountAsync());
            Assert.Equal(0, await EnqueueDueRunsAsync(second));
            Assert.Equal(1, await second.LiveKeyCountAsync());
        }
        finally
        {
            StoreHost.DeleteDataDirectory(dataDirectory);
        }
    }

    [Fact]
    public async Task APassGetsOneKeyPerRunOfDatesLimitedPerUtcDay()
    {
        var clock = new FakeTimeProvider(UtcDay.StartOf(Today).AddHours(12));
        await using var host = await StoreHost.StartAsync(Settings, clock);

        var token = await host.BuyPassAsync(2, Today, Today.AddDays(1), Today.AddDays(3));
        var order = await host.WaitForOrderAsync(token,
            o => o.GetProperty("runs")[0].GetProperty("status").GetString() == "minted", "its first run minted");

        Assert.Equal("provisioning", order.GetProperty("status").GetString());
        var runs = order.GetProperty("runs").EnumerateArray().ToList();
        Assert.Equal(2, runs.Count);
        Assert.Equal((PassInputRules.Format(Today), PassInputRules.Format(Today.AddDays(1))),
            (runs[0].GetProperty("dateFrom").GetString(), runs[0].GetProperty("dateTo").GetString()));
        Assert.Equal(UtcDay.StartOf(Today.AddDays(2)), runs[0].GetProperty("expiresAt").GetDateTimeOffset());
        Assert.Equal("scheduled", runs[1].GetProperty("status").GetString());
        Assert.Equal(UtcDay.StartOf(Today.AddDays(3)), runs[1].GetProperty("mintAt").GetDateTimeOffset());
        Assert.Equal(JsonValueKind.Undefined, runs[1].TryGetProperty("apiKey", out var none) ? none.ValueKind : JsonValueKind.Undefined);

        // Two diem a day: the third call of the day is refused, and the limit renews at midnight UTC.
        var apiKey = runs[0].GetProperty("apiKey").GetString()!;
        Assert.Equal(HttpStatusCode.OK, await ChatAsync(host, apiKey));
        Assert.Equal(HttpStatusCode.OK, await ChatAsync(host, apiKey));
        Assert.Equal(HttpStatusCode.PaymentRequired, await ChatAsync(host, apiKey));
        clock.SetUtcNow(UtcDay.StartOf(Today.AddDays(1)).AddSeconds(1));
        Assert.Equal(HttpStatusCode.OK, await ChatAsync(host, apiKey));
        clock.SetUtcNow(UtcDay.StartOf(Today.AddDays(2)));
        Assert.Equal(HttpStatusCode.Unauthorized, await ChatAsync(host, apiKey));
    }
}
