using CheapTokens.Tests.StandIns;
using CheapTokens.Core.Venice;
using CheapTokens.Tests.Support;

namespace CheapTokens.Tests.Venice;

public sealed class VeniceKeyClientTests : IAsyncLifetime
{
    private StoreHost _host = null!;

    public async ValueTask InitializeAsync() => _host = await VeniceSimulation.StartAsync();

    public async ValueTask DisposeAsync() => await _host.DisposeAsync();

    /// <summary>Runs a call whose retries and timeouts wait on the app's clock, moving the clock for it.</summary>
    private Task<T> DrivenAsync<T>(Task<T> call) => _host.Clock.DriveAsync(call, TimeSpan.FromMilliseconds(50));

    private VeniceKeyRequest Request(string description = "order-1001", decimal limit = 5m, string? limitPeriod = null) =>
        new(description, limit, VeniceLimitUnit.Diem, _host.Clock.GetUtcNow().AddDays(30), limitPeriod);

    [Fact]
    public async Task ACreatedKeyIsListedThenGoneAfterRevoke()
    {
        var client = _host.CreateVeniceClient();

        var key = await client.CreateInferenceKeyAsync(Request("order-42", 7.5m, VeniceNames.DailyLimitPeriod), CancellationToken.None);
        var listed = await client.ListKeysAsync(CancellationToken.None);

        Assert.StartsWith("sim_", key.ApiKey);
        Assert.Equal("order-42", key.Description);
        Assert.Equal(_host.Clock.GetUtcNow().AddDays(30), key.ExpiresAt);
        var summary = Assert.Single(listed);
        Assert.Equal(key.Id, summary.Id);
        Assert.Equal("order-42", summary.Description);
        Assert.Equal(7.5m, summary.DiemLimit);
        Assert.Null(summary.UsdLimit);
        Assert.Equal(0m, summary.DiemUsed);

        await client.RevokeKeyAsync(key.Id, CancellationToken.None);

        Assert.Empty(await client.ListKeysAsync(CancellationToken.None));
        Assert.Null(await client.GetKeyAsync(key.Id, CancellationToken.None));
    }

    [Fact]
    public async Task AUsdLimitIsSentToVeniceInUsd()
    {
        var client = _host.CreateVeniceClient();
        var request = new VeniceKeyRequest("order-usd", 12.34m, VeniceLimitUnit.Usd, _host.Clock.GetUtcNow().AddDays(1));

        var key = await client.CreateInferenceKeyAsync(request, CancellationToken.None);
        var summary = await client.GetKeyAsync(key.Id, CancellationToken.None);

        Assert.NotNull(summary);
        Assert.Equal(12.34m, summary.UsdLimit);
        Assert.Null(summary.DiemLimit);
    }

    [Fact]
    public async Task RevokingAnUnknownKeyIsNotAnError()
    {
        var client = _host.CreateVeniceClient();

        await client.RevokeKeyAsync("no-such-key", CancellationToken.None);

        Assert.Equal(1, _host.RequestCount("DELETE", "/api_keys"));
    }

    [Fact]
    public async Task RetriesAfter429HonouringRetryAfterThenMintsOneKey()
    {
        _host.Simulator().InjectFaults(fail429: 1, retryAfterSeconds: 1);
        var client = _host.CreateVeniceClient();

        var key = await DrivenAsync(client.CreateInferenceKeyAsync(Request(), CancellationToken.None));

        var posts = _host.Requests().Where(r => r.Method == "POST").ToList();
        Assert.Equal([429, 200], posts.Select(r => r.StatusCode));
        Assert.True(posts[1].SentAt - posts[0].SentAt >= TimeSpan.FromSeconds(1), $"retried {posts[1].SentAt - posts[0].SentAt} later, before Retry-After");
        Assert.Equal(key.Id, Assert.Single(await client.ListKeysAsync(CancellationToken.None)).Id);
    }

    [Fact]
    public async Task RetryAfterIsCappedByMaxRetryAfter()
    {
        _host.Simulator().InjectFaults(fail429: 2, retryAfterSeconds: 60);
        var client = _host.CreateVeniceClient(maxRetryAfterSeconds: 0.5);

        await DrivenAsync(client.CreateInferenceKeyAsync(Request(), CancellationToken.None));

        var posts = _host.Requests().Where(r => r.Method == "POST").ToList();
        Assert.Equal([429, 429, 200], posts.Select(r => r.StatusCode));
        Assert.True(posts[2].SentAt - posts[0].SentAt < TimeSpan.FromSeconds(60), "waited the full Retry-After");
    }

    [Fact]
    public async Task Retries500sThenMintsOneKey()
    {
        _host.Simulator().InjectFaults(fail500: 2);
        var client = _host.CreateVeniceClient(maxRetries: 3);

        await DrivenAsync(client.CreateInferenceKeyAsync(Request(), CancellationToken.None));

        Assert.Equal(3, _host.RequestCount("POST", "/api_keys"));
        Assert.Single(await client.ListKeysAsync(CancellationToken.None));
    }

    [Fact]
    public async Task GivesUpWithATransientErrorWhen5xxOutlastsTheRetries()
    {
        _host.Simulator().InjectFaults(fail500: 10);
        var client = _host.CreateVeniceClient(maxRetries: 2);

        var error = await Assert.ThrowsAsync<VeniceException>(() => DrivenAsync(client.CreateInferenceKeyAsync(Request(), CancellationToken.None)));

        Assert.True(error.IsTransient);
        Assert.Equal(500, error.StatusCode);
        Assert.Equal(3, _host.RequestCount("POST", "/api_keys"));
    }

    [Fact]
    public async Task ZeroMaxRetriesMakesASingleAttempt()
    {
        _host.Simulator().InjectFaults(fail500: 1);
        var client = _host.CreateVeniceClient(maxRetries: 0);

        var error = await Assert.ThrowsAsync<VeniceException>(() => client.CreateInferenceKeyAsync(Request(), CancellationToken.None));

        Assert.True(error.IsTransient);
        Assert.Equal(1, _host.RequestCount("POST", "/api_keys"));
    }

    [Fact]
    public async Task BadAdminKeyFailsAtOnceWithoutRetry()
    {
        var client = _host.CreateVeniceClient(adminKey: "wrong-admin-key");

        var error = await Assert.ThrowsAsync<VeniceException>(() => client.CreateInferenceKeyAsync(Request(), CancellationToken.None));

        Assert.False(error.IsTransient);
        Assert.Equal(401, error.StatusCode);
        Assert.Equal(1, _host.RequestCount("POST", "/api_keys"));
        Assert.Empty(await _host.CreateVeniceClient().ListKeysAsync(CancellationToken.None));
    }

    [Fact]
    public async Task BadRequestIsFinalAndCarriesVeniceErrorText()
    {
        var client = _host.CreateVeniceClient();
        var badPeriod = new VeniceKeyRequest("order-1", 1m, VeniceLimitUnit.Diem, _host.Clock.GetUtcNow().AddDays(1), LimitPeriod: "WEEKLY");

        var error = await Assert.ThrowsAsync<VeniceException>(() => client.CreateInferenceKeyAsync(badPeriod, CancellationToken.None));

        Assert.False(error.IsTransient);
        Assert.Equal(400, error.StatusCode);
        Assert.Contains("limitPeriod", error.Message);
        Assert.Equal(1, _host.RequestCount("POST", "/api_keys"));
    }

    [Fact]
    public async Task DescriptionOver64CharactersIsRefusedBeforeAnyRequest()
    {
        var client = _host.CreateVeniceClient();

        await Assert.ThrowsAsync<ArgumentException>(() => client.CreateInferenceKeyAsync(Request(new string('x', 65)), CancellationToken.None));

        Assert.Empty(_host.Requests());
    }

    [Fact]
    public async Task SlowAnswersTimeOutAndEndAsATransientError()
    {
        _host.Simulator().InjectFaults(delayMs: 2_000);
        var client = _host.CreateVeniceClient(maxRetries: 1, timeoutSeconds: 0.2);

        var error = await Assert.ThrowsAsync<VeniceException>(() => DrivenAsync(client.ListKeysAsync(CancellationToken.None)));

        Assert.True(error.IsTransient);
        Assert.Null(error.StatusCode);
    }

    [Fact]
    public async Task GetKeyReportsUsageAfterChatCalls()
    {
        var client = _host.CreateVeniceClient();
        var key = await client.CreateInferenceKeyAsync(Request(limit: 1m), CancellationToken.None);
        using var app = _host.CreateSimulatorClient(key.ApiKey);

        (await app.PostAsync("chat/completions", VeniceSimulatorTests.ChatBody())).EnsureSuccessStatusCode();
        (await app.PostAsync("chat/completions", VeniceSimulatorTests.ChatBody())).EnsureSuccessStatusCode();
        var summary = await client.GetKeyAsync(key.Id, CancellationToken.None);

        Assert.NotNull(summary);
        Assert.Equal(2 * _host.Simulator().ChatCostDiem, summary.DiemUsed);
        Assert.Equal(1m, summary.DiemLimit);
    }
}
