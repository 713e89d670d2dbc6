using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using CheapTokens.Blazor.Payments.X402;
using CheapTokens.Core.Payments.X402;
using CheapTokens.StandIns.Facilitator;
using CheapTokens.Tests.Support;

namespace CheapTokens.Tests.Payments.X402;

/// <summary>
/// An agent buying over x402 from a running store, as x402-fetch does: the request, the 402, the same request again
/// with a payment signed by a fresh test key.
/// </summary>
internal sealed class X402Agent(StoreHost store)
{
    public const string Path = "/api/x402/orders";

    public TestPayer Payer { get; } = new();

    public X402Network Network => store.Get<X402Offers>().Network;

    public DateTimeOffset Now => store.FakeClock?.GetUtcNow() ?? TimeProvider.System.GetUtcNow();

    public async Task<HttpResponseMessage> SendAsync(object body, string? payment = null)
    {
        using var http = store.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, Path) { Content = JsonContent.Create(body) };
        if (payment is not null) request.Headers.Add(X402Protocol.PaymentHeader, payment);
        return await http.SendAsync(request);
    }

    /// <summary>The requirement the store asks for <paramref name="body"/> (its 402 answer's only one).</summary>
    public async Task<PaymentRequirements> RequirementAsync(object body)
    {
        using var response = await SendAsync(body);
        Assert.Equal(HttpStatusCode.PaymentRequired, response.StatusCode);
        return RequirementOf(await response.Content.ReadAsStringAsync());
    }

    public static PaymentRequirements RequirementOf(string paymentRequired)
    {
        using var json = JsonDocument.Parse(paymentRequired);
        return Assert.Single(json.RootElement.GetProperty("accepts").Deserialize<List<PaymentRequirements>>(X402Json.Options)!);
    }

    /// <summary>The X-PAYMENT header for <paramref name="offered"/>, optionally with its authorization changed before signing.</summary>
    public string Sign(PaymentRequirements offered, Func<TransferAuthorization, TransferAuthorization>? change = null, TokenDomain? domain = null) =>
        TestPayer.HeaderOf(Payer.Pay(offered, Network, Now, change, domain));

    /// <summary>Asks, signs and pays: the answer to the paid request.</summary>
    public async Task<HttpResponseMessage> BuyAsync(object body) => await SendAsync(body, Sign(await RequirementAsync(body)));

    public static SettlementResponse SettlementOf(HttpResponseMessage response) =>
        JsonSerializer.Deserialize<SettlementResponse>(
            Encoding.UTF8.GetString(Convert.FromBase64String(response.Headers.GetValues(X402Protocol.PaymentResponseHeader).Single())), X402Json.Options)!;

    public Task<long> BalanceAsync() => BalanceOfAsync(Payer.Address);

    public Task<long> BalanceOfAsync(string address) => store.Get<SimulatedUsdcLedger>().BalanceOfAsync(address, default);
}
