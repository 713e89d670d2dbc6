using CheapTokens.StandIns.Venice;
using CheapTokens.Tests.Venice;
using CheapTokens.Blazor.Venice;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using CheapTokens.Core.Venice;
using CheapTokens.Tests.Support;

namespace CheapTokens.Tests.StandIns;

public sealed class VeniceSimulatorTests : IAsyncLifetime
{
    private StoreHost _host = null!;

    public async ValueTask InitializeAsync() => _host = await VeniceSimulation.StartAsync(simulator =>
    {
        simulator.ChatCostDiem = 0.4m;
        simulator.RateLimitPerMinute = 3;
        simulator.MaxLiveKeys = 5;
    });

    public async ValueTask DisposeAsync() => await _host.DisposeAsync();

    public static StringContent ChatBody(bool stream = false) => Json(new
    {
        model = "llama-3.3-70b",
        messages = new[] { new { role = "user", content = "Say hello" } },
        stream,
    });

    private static StringContent Json(object body) => new(JsonSerializer.Serialize(body), Encoding.UTF8, "application/json");

    private async Task<VeniceKey> MintAsync(decimal diemLimit = 1m, string? limitPeriod = null, TimeSpan? lifetime = null) =>
        await _host.CreateVeniceClient().CreateInferenceKeyAsync(
            new VeniceKeyRequest("order-7", diemLimit, VeniceLimitUnit.Diem, _host.Clock.GetUtcNow() + (lifetime ?? TimeSpan.FromDays(30)), limitPeriod),
            CancellationToken.None);

    [Fact]
    public async Task MintedKeyAnswersChatUntilItsLimitThen402()
    {
        var key = await MintAsync(diemLimit: 1m);
        using var app = _host.CreateSimulatorClient(key.ApiKey);

        var first = await app.PostAsync("chat/completions", ChatBody());
        var second = await app.PostAsync("chat/completions", ChatBody());
        var third = await app.PostAsync("chat/completions", ChatBody());

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        using var completion = JsonDocument.Parse(await first.Content.ReadAsStringAsync());
        Assert.Equal("chat.completion", completion.RootElement.GetProperty("object").GetString());
        Assert.Equal("assistant", completion.RootElement.GetProperty("choices")[0].GetProperty("message").GetProperty("role").GetString());
        Assert.True(completion.RootElement.GetProperty("usage").GetProperty("total_tokens").GetInt32() > 0);
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        Assert.Equal(HttpStatusCode.PaymentRequired, third.StatusCode);
        Assert.Contains("\"error\"", await third.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task EpochLimitRenewsAtUtcMidnight()
    {
        var key = await MintAsync(diemLimit: 0.5m, limitPeriod: "EPOCH");
        using var app = _host.CreateSimulatorClient(key.ApiKey);
        (await app.PostAsync("chat/completions", ChatBody())).EnsureSuccessStatusCode();
        Assert.Equal(HttpStatusCode.PaymentRequired, (await app.PostAsync("chat/completions", ChatBody())).StatusCode);

        _host.Clock.SetUtcNow(new DateTimeOffset(2026, 11, 22, 0, 0, 1, TimeSpan.Zero));

        Assert.Equal(HttpStatusCode.OK, (await app.PostAsync("chat/completions", ChatBody())).StatusCode);
    }

    [Fact]
    public async Task LifetimeLimitDoesNotRenewTheNextDay()
    {
        var key = await MintAsync(diemLimit: 0.5m);
        using var app = _host.CreateSimulatorClient(key.ApiKey);
        (await app.PostAsync("chat/completions", ChatBody())).EnsureSuccessStatusCode();

        _host.Clock.Advance(TimeSpan.FromDays(1));

        Assert.Equal(HttpStatusCode.PaymentRequired, (await app.PostAsync("chat/completions", ChatBody())).StatusCode);
    }

    [Fact]
    public async Task KeyIsRefusedWith401OnceExpired()
    {
        var key = await MintAsync(lifetime: TimeSpan.FromHours(1));
        using var app = _host.CreateSimulatorClient(key.ApiKey);
        Assert.Equal(HttpStatusCode.OK, (await app.PostAsync("chat/completions", ChatBody())).StatusCode);

        _host.Clock.Advance(TimeSpan.FromHours(1));

        Assert.Equal(HttpStatusCode.Unauthorized, (await app.PostAsync("chat/completions", ChatBody())).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await app.GetAsync("models")).StatusCode);
    }

    [Fact]
    public async Task RevokedOrUnknownKeysGet401()
    {
        var key = await MintAsync();
        await _host.CreateVeniceClient().RevokeKeyAsync(key.Id, CancellationToken.None);
        using var revoked = _host.CreateSimulatorClient(key.ApiKey);
        using var unknown = _host.CreateSimulatorClient("sim_not-a-key");
        using var anonymous = _host.CreateSimulatorClient(null);

        Assert.Equal(HttpStatusCode.Unauthorized, (await revoked.PostAsync("chat/completions", ChatBody())).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await unknown.PostAsync("chat/completions", ChatBody())).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("models")).StatusCode);
    }

    [Fact]
    public async Task InferenceKeyCannotCallAdminRoutes()
    {
        var key = await MintAsync();
        using var app = _host.CreateSimulatorClient(key.ApiKey);

        Assert.Equal(HttpStatusCode.Unauthorized, (await app.GetAsync("api_keys")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await app.DeleteAsync($"api_keys?id={key.Id}")).StatusCode);
    }

    [Fact]
    public async Task StreamingChatSendsChunksAndEndsWithDone()
    {
        var key = await MintAsync();
        using var app = _host.CreateSimulatorClient(key.ApiKey);

        var response = await app.PostAsync("chat/completions", ChatBody(stream: true));
        var events = (await response.Content.ReadAsStringAsync())
            .Split("\n\n", StringSplitOptions.RemoveEmptyEntries)
            .ToList();

        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        Assert.All(events, e => Assert.StartsWith("data: ", e));
        Assert.Equal("data: [DONE]", events[^1]);
        var chunks = events[..^1].Select(e => JsonDocument.Parse(e["data: ".Length..]).RootElement).ToList();
        Assert.True(chunks.Count > 2);
        Assert.All(chunks, c => Assert.Equal("chat.completion.chunk", c.GetProperty("object").GetString()));
        var text = string.Concat(chunks.Select(c => c.GetProperty("choices")[0].GetProperty("delta").TryGetProperty("content", out var content) ? content.GetString() : ""));
        Assert.Equal("Hello from the Venice simulator. This reply is canned.", text);
        Assert.Equal("stop", chunks[^1].GetProperty("choices")[0].GetProperty("finish_reason").GetString());
    }

    [Fact]
    public async Task ModelsAreListedInOpenAiShapeForAValidKey()
    {
        var key = await MintAsync();
        using var app = _host.CreateSimulatorClient(key.ApiKey);

        using var models = JsonDocument.Parse(await app.GetStringAsync("models"));

        Assert.Equal("list", models.RootElement.GetProperty("object").GetString());
        Assert.Contains(models.RootElement.GetProperty("data").EnumerateArray(), m => m.GetProperty("id").GetString() == "llama-3.3-70b");
    }

    [Fact]
    public async Task KeyCreationIsRateLimitedPerMinuteWithRetryAfter()
    {
        using var admin = _host.CreateSimulatorClient(VeniceSimulation.AdminKey);
        object Body() => new { apiKeyType = "INFERENCE", description = "rate", consumptionLimit = new { diem = 1 } };
        for (var i = 0; i < 3; i++) (await admin.PostAsync("api_keys", Json(Body()))).EnsureSuccessStatusCode();

        var limited = await admin.PostAsync("api_keys", Json(Body()));
        _host.Clock.Advance(TimeSpan.FromMinutes(1));
        var afterAMinute = await admin.PostAsync("api_keys", Json(Body()));

        Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(60), limited.Headers.RetryAfter?.Delta);
        Assert.Equal(HttpStatusCode.OK, afterAMinute.StatusCode);
    }

    [Fact]
    public async Task CreationBeyondMaxLiveKeysIsRefused()
    {
        using var admin = _host.CreateSimulatorClient(VeniceSimulation.AdminKey);
        for (var i = 0; i < 5; i++)
        {
            if (i % 3 == 0) _host.Clock.Advance(TimeSpan.FromMinutes(1));
            (await admin.PostAsync("api_keys", Json(new { apiKeyType = "INFERENCE", description = $"k{i}" }))).EnsureSuccessStatusCode();
        }
        _host.Clock.Advance(TimeSpan.FromMinutes(1));

        var refused = await admin.PostAsync("api_keys", Json(new { apiKeyType = "INFERENCE", description = "one too many" }));

        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains("active API keys", await refused.Content.ReadAsStringAsync());
        Assert.Equal(5, await _host.LiveKeyCountAsync());
    }

    [Theory]
    [InlineData("""{"description":"x"}""", "apiKeyType")]
    [InlineData("""{"apiKeyType":"SUPER","description":"x"}""", "apiKeyType")]
    [InlineData("""{"apiKeyType":"INFERENCE"}""", "description")]
    [InlineData("""{"apiKeyType":"INFERENCE","description":"xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"}""", "description")]
    [InlineData("""{"apiKeyType":"INFERENCE","description":"x","consumptionLimit":{"diem":"lots"}}""", "consumptionLimit")]
    [InlineData("""{"apiKeyType":"INFERENCE","description":"x","consumptionLimit":{"usd":-1}}""", "consumptionLimit")]
    [InlineData("""{"apiKeyType":"INFERENCE","description":"x","expiresAt":"next tuesday"}""", "expiresAt")]
    [InlineData("""not json""", "JSON")]
    public async Task InvalidCreationGets400WithAnError(string body, string mentioned)
    {
        using var admin = _host.CreateSimulatorClient(VeniceSimulation.AdminKey);

        var response = await admin.PostAsync("api_keys", new StringContent(body, Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        using var error = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Contains(mentioned, error.RootElement.GetProperty("error").GetString());
    }

    [Fact]
    public async Task AnswersUseVeniceFieldNames()
    {
        using var admin = _host.CreateSimulatorClient(VeniceSimulation.AdminKey);
        var created = await admin.PostAsync("api_keys", Json(new
        {
            apiKeyType = "INFERENCE",
            description = "fields",
            consumptionLimit = new { diem = 2 },
            limitPeriod = "EPOCH",
            expiresAt = "2030-01-01T00:00:00.000Z",
        }));

        using var createdJson = JsonDocument.Parse(await created.Content.ReadAsStringAsync());
        using var list = JsonDocument.Parse(await admin.GetStringAsync("api_keys"));

        Assert.True(createdJson.RootElement.GetProperty("success").GetBoolean());
        var data = createdJson.RootElement.GetProperty("data");
        Assert.Equal("INFERENCE", data.GetProperty("apiKeyType").GetString());
        Assert.Equal(2m, data.GetProperty("consumptionLimit").GetProperty("diem").GetDecimal());
        Assert.Equal("2030-01-01T00:00:00.000Z", data.GetProperty("expiresAt").GetString());
        Assert.Equal("list", list.RootElement.GetProperty("object").GetString());
        var listed = list.RootElement.GetProperty("data")[0];
        Assert.Equal(data.GetProperty("apiKey").GetString()![^6..], listed.GetProperty("last6Chars").GetString());
        Assert.Equal(2m, listed.GetProperty("consumptionLimits").GetProperty("diem").GetDecimal());
        Assert.Equal("EPOCH", listed.GetProperty("limitPeriod").GetString());
        Assert.Equal("0", listed.GetProperty("usage").GetProperty("trailingSevenDays").GetProperty("diem").GetString());
        Assert.False(listed.TryGetProperty("apiKey", out _));
    }

    [Fact]
    public async Task PatchUpdatesLimitDescriptionAndExpiry()
    {
        var key = await MintAsync(diemLimit: 0.4m);
        using var admin = _host.CreateSimulatorClient(VeniceSimulation.AdminKey);

        var patched = await admin.PatchAsync("api_keys", Json(new
        {
            id = key.Id,
            description = "order-7 topped up",
            consumptionLimit = new { diem = 10 },
            expiresAt = "2031-06-30T00:00:00.000Z",
        }));
        var summary = await _host.CreateVeniceClient().GetKeyAsync(key.Id, CancellationToken.None);

        Assert.Equal(HttpStatusCode.OK, patched.StatusCode);
        Assert.NotNull(summary);
        Assert.Equal("order-7 topped up", summary.Description);
        Assert.Equal(10m, summary.DiemLimit);
        Assert.Equal(new DateTimeOffset(2031, 6, 30, 0, 0, 0, TimeSpan.Zero), summary.ExpiresAt);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.PatchAsync("api_keys/nope", Json(new { description = "x" }))).StatusCode);
    }

    [Fact]
    public async Task FaultsInjectedAtRuntimeHitOnlyKeyCreation()
    {
        _host.Simulator().InjectFaults(fail429: 1, fail500: 1, retryAfterSeconds: 7);
        using var admin = _host.CreateSimulatorClient(VeniceSimulation.AdminKey);
        object Body() => new { apiKeyType = "INFERENCE", description = "faults" };

        var list = await admin.GetAsync("api_keys");
        var first = await admin.PostAsync("api_keys", Json(Body()));
        var second = await admin.PostAsync("api_keys", Json(Body()));
        var third = await admin.PostAsync("api_keys", Json(Body()));

        Assert.Equal(HttpStatusCode.OK, list.StatusCode);
        Assert.Equal(HttpStatusCode.TooManyRequests, first.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(7), first.Headers.RetryAfter?.Delta);
        Assert.Equal(HttpStatusCode.InternalServerError, second.StatusCode);
        Assert.Equal(HttpStatusCode.OK, third.StatusCode);
    }
}
