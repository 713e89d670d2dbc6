namespace CheapTokens.Tests.Support;

/// <summary>A test class talking HTTP to a checkout-only store (see <see cref="StoreScenarios.StartCheckoutAsync"/>), 100 credits a day.</summary>
public abstract class CheckoutApiTest : IAsyncLifetime
{
    protected StoreHost _host = null!;

    protected HttpClient Client { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        _host = await StoreScenarios.StartCheckoutAsync(dailySupply: 100);
        Client = _host.CreateClient();
    }

    public async Task DisposeAsync()
    {
        Client.Dispose();
        await _host.DisposeAsync();
    }
}
