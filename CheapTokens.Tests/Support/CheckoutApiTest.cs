namespace CheapTokens.Tests.Support;

/// <summary>A test class talking HTTP to a checkout-only store (see <see cref="StoreScenarios.StartCheckoutAsync"/>), 100 credits a day.</summary>
public abstract class CheckoutApiTest : IAsyncLifetime
{
    protected StoreHost _host = null!;

    protected HttpClient Client { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        _host = await StoreScenarios.StartCheckoutAsync(dailySupply: 100);
        Client = _host.CreateClient();
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await _host.DisposeAsync();
    }
}
