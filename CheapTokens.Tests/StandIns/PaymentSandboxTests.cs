using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CheapTokens.Blazor.Payments;
using CheapTokens.Core.Payments;
using CheapTokens.StandIns.Sandbox;
using CheapTokens.Tests.Support;

namespace CheapTokens.Tests.StandIns;

/// <summary>The payment sandbox, a stand-in the store reaches over HTTP at its own address through its sandbox client.</summary>
public class PaymentSandboxTests : IAsyncLifetime
{
    private StoreHost _store = null!;

    private SandboxPaymentProcessor Processor => _store.Get<SandboxPaymentProcessor>();

    public async ValueTask InitializeAsync() => _store = await StoreScenarios.StartCheckoutAsync();

    public async ValueTask DisposeAsync() => await _store.DisposeAsync();

    private static ChargeRequest Charge(string method, string key, decimal amount = 5m, Guid? orderId = null) =>
        new(orderId ?? Guid.NewGuid(), amount, method, key, "test charge");

    [Fact]
    public async Task OkMethodChargesAndRecordsTheChargeInItsOwnTable()
    {
        var orderId = Guid.NewGuid();
        var result = await Processor.CreateChargeAsync(Charge(SandboxPaymentProcessor.Ok, "key-ok-1", 12.50m, orderId), default);

        Assert.Equal(ChargeState.Succeeded, result.State);
        Assert.StartsWith("ch_sandbox_", result.ChargeId);
        var charge = Assert.Single(await _store.SandboxChargesAsync());
        Assert.Equal((orderId, 12.50m, true, result.ChargeId), (charge.OrderId, charge.Amount, charge.Succeeded, charge.Id));
        // The processor's state is not the store's ledger.
        Assert.Empty(await _store.PaymentsAsync());
    }

    [Theory]
    [InlineData(SandboxPaymentProcessor.Declined, PaymentFailureCode.Declined)]
    [InlineData(SandboxPaymentProcessor.InsufficientFunds, PaymentFailureCode.InsufficientFunds)]
    public async Task RefusingMethodsFailWithTheirCodeAndAreRecorded(string method, PaymentFailureCode code)
    {
        var result = await Processor.CreateChargeAsync(Charge(method, "key-fail-1"), default);

        Assert.Equal((ChargeState.Failed, code), (result.State, result.FailureCode));
        var charge = Assert.Single(await _store.SandboxChargesAsync());
        Assert.Equal((false, code.ToCode()), (charge.Succeeded, charge.FailureCode));
    }

    [Fact]
    public async Task ProcessorErrorAnswersUnreachableAndRecordsNothing()
    {
        var orderId = Guid.NewGuid();
        var result = await Processor.CreateChargeAsync(Charge(SandboxPaymentProcessor.ProcessorError, "key-error-1", orderId: orderId), default);

        Assert.Equal(ChargeState.Unreachable, result.State);
        Assert.Empty(await _store.SandboxChargesAsync());
        Assert.Null(await Processor.FindChargeForOrderAsync(orderId, default));
    }

    [Fact]
    public async Task SameIdempotencyKeyReturnsTheSameChargeWithoutChargingAgain()
    {
        var first = await Processor.CreateChargeAsync(Charge(SandboxPaymentProcessor.Ok, "key-same"), default);
        var second = await Processor.CreateChargeAsync(Charge(SandboxPaymentProcessor.Ok, "key-same"), default);

        Assert.Equal(first, second);
        Assert.Single(await _store.SandboxChargesAsync());
    }

    [Fact]
    public async Task ConcurrentChargesWithOneKeyChargeOnce()
    {
        var results = await Task.WhenAll(Enumerable.Range(0, 10).Select(_ =>
            Task.Run(() => Processor.CreateChargeAsync(Charge(SandboxPaymentProcessor.Ok, "key-race"), default))));

        Assert.Single(results.Select(r => r.ChargeId).Distinct());
        Assert.Single(await _store.SandboxChargesAsync());
    }

    [Fact]
    public async Task ChargeIsFoundByItsIdAndByItsOrder()
    {
        var orderId = Guid.NewGuid();
        var created = await Processor.CreateChargeAsync(Charge(SandboxPaymentProcessor.Ok, "key-find", orderId: orderId), default);

        Assert.Equal(created, await Processor.GetChargeAsync(created.ChargeId!, default));
        Assert.Equal(created, await Processor.FindChargeForOrderAsync(orderId, default));
        Assert.Null(await Processor.FindChargeForOrderAsync(Guid.NewGuid(), default));
    }

    [Fact]
    public async Task RefundOfAChargeSucceedsOnceWhateverKeyAsks()
    {
        var charge = await Processor.CreateChargeAsync(Charge(SandboxPaymentProcessor.Ok, "key-refund"), default);

        var refund = await Processor.RefundAsync(new RefundRequest(charge.ChargeId!, 5m, "refund-1", "provisioning failed"), default);
        var again = await Processor.RefundAsync(new RefundRequest(charge.ChargeId!, 5m, "refund-1", "provisioning failed"), default);
        var otherKey = await Processor.RefundAsync(new RefundRequest(charge.ChargeId!, 5m, "refund-2", "provisioning failed"), default);

        Assert.Equal(RefundState.Succeeded, refund.State);
        Assert.StartsWith("re_sandbox_", refund.RefundId);
        Assert.Equal(refund, again);
        Assert.Equal(refund, otherKey);
        Assert.Single(await _store.SandboxRefundsAsync());
    }

    [Fact]
    public async Task RefundOfAnUnknownOrDeclinedChargeOrOfTooMuchIsRefused()
    {
        var declined = await Processor.CreateChargeAsync(Charge(SandboxPaymentProcessor.Declined, "key-declined"), default);
        var ok = await Processor.CreateChargeAsync(Charge(SandboxPaymentProcessor.Ok, "key-over"), default);

        Assert.Equal(RefundState.Failed, (await Processor.RefundAsync(new RefundRequest("ch_unknown", 5m, "r-1", "why"), default)).State);
        Assert.Equal(RefundState.Failed, (await Processor.RefundAsync(new RefundRequest(declined.ChargeId!, 5m, "r-2", "why"), default)).State);
        Assert.Equal(RefundState.Failed, (await Processor.RefundAsync(new RefundRequest(ok.ChargeId!, 6m, "r-3", "too much"), default)).State);
        Assert.Empty(await _store.SandboxRefundsAsync());
    }

    [Fact]
    public void AcceptsOnlyTheSandboxMethods()
    {
        Assert.All(SandboxPaymentProcessor.Methods, m => Assert.True(Processor.AcceptsMethod(m)));
        Assert.False(Processor.AcceptsMethod("pm_card_visa"));
    }

    [Fact]
    public void TheStoresMethodNamesAreTheSandboxs()
    {
        Assert.Equal(SandboxMethods.All, SandboxPaymentProcessor.Methods);
    }

    [Fact]
    public async Task AChargeWithoutAnIdempotencyKeyOrWithNoAmountIsAProblemNamingWhatIsWrong()
    {
        using var http = _store.CreateClient();
        var body = new { orderId = Guid.NewGuid(), amount = 5m, method = SandboxMethods.Ok };

        using var noKey = await http.PostAsJsonAsync(PaymentSandboxEndpoints.BasePath + "/charges", body);
        using var request = new HttpRequestMessage(HttpMethod.Post, PaymentSandboxEndpoints.BasePath + "/charges")
        {
            Content = JsonContent.Create(body with { amount = 0m }),
        };
        request.Headers.Add(PaymentSandboxEndpoints.IdempotencyKeyHeader, "key-no-amount");
        using var noAmount = await http.SendAsync(request);

        Assert.Equal((HttpStatusCode.BadRequest, "application/problem+json"), (noKey.StatusCode, noKey.Content.Headers.ContentType?.MediaType));
        Assert.Contains(PaymentSandboxEndpoints.IdempotencyKeyHeader, (await noKey.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").ToString());
        Assert.Equal(HttpStatusCode.BadRequest, noAmount.StatusCode);
        Assert.Contains("amount", (await noAmount.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").ToString());
        Assert.Empty(await _store.SandboxChargesAsync());
    }

    [Fact]
    public async Task AProcessorErrorIsA503Problem()
    {
        using var http = _store.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, PaymentSandboxEndpoints.BasePath + "/charges")
        {
            Content = JsonContent.Create(new { orderId = Guid.NewGuid(), amount = 5m, method = SandboxMethods.ProcessorError }),
        };
        request.Headers.Add(PaymentSandboxEndpoints.IdempotencyKeyHeader, "key-503");

        using var response = await http.SendAsync(request);

        Assert.Equal((HttpStatusCode.ServiceUnavailable, "application/problem+json"), (response.StatusCode, response.Content.Headers.ContentType?.MediaType));
    }
}
