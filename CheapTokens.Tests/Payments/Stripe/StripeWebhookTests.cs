using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using CheapTokens.StandIns.Stripe;
using CheapTokens.Blazor.Payments.Webhooks;
using CheapTokens.Core.Payments;
using CheapTokens.Tests.Support;
using Stripe;
using static CheapTokens.Tests.Support.StripeSimulation;

namespace CheapTokens.Tests.Payments.Stripe;

/// <summary>POST /webhooks/stripe: signatures, replays and order, and the stand-in's signed events end to end.</summary>
public class StripeWebhookTests
{
    [Fact]
    public async Task ASignedEventIsAcceptedAndSettlesItsPaymentIntent()
    {
        await using var host = await StripeSimulation.StartAsync(standIn: o => o.WebhookUrl = "http://127.0.0.1:9/nowhere");
        var payload = Event("evt_1", "payment_intent.succeeded", Intent("pi_1"));

        using var response = await PostAsync(host, payload, Sign(host, payload));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal([new Settled("charge", "pi_1")], await host.Settlement().WaitForAsync(1));
    }

    [Fact]
    public async Task AnUnsignedEventIsRefused()
    {
        await using var host = await StripeSimulation.StartAsync();

        using var response = await PostAsync(host, Event("evt_1", "payment_intent.succeeded", Intent("pi_1")), signature: null);

        await AssertRefusedAsync(response);
    }

    [Fact]
    public async Task AnEventSignedWithAnotherSecretIsRefused()
    {
        await using var host = await StripeSimulation.StartAsync();
        var payload = Event("evt_1", "payment_intent.succeeded", Intent("pi_1"));

        using var response = await PostAsync(host, payload,
            EventUtility.GenerateSignatureHeader(payload, "whsec_someone_else", host.Clock.GetUtcNow().ToUnixTimeSeconds()));

        await AssertRefusedAsync(response);
    }

    [Fact]
    public async Task AnAlteredBodyIsRefused()
    {
        await using var host = await StripeSimulation.StartAsync();
        var payload = Event("evt_1", "payment_intent.succeeded", Intent("pi_1"));

        using var response = await PostAsync(host, payload.Replace("pi_1", "pi_2", StringComparison.Ordinal), Sign(host, payload));

        await AssertRefusedAsync(response);
    }

    [Fact]
    public async Task AnEventSignedMoreThanFiveMinutesAgoIsRefused()
    {
        await using var host = await StripeSimulation.StartAsync();
        var payload = Event("evt_1", "payment_intent.succeeded", Intent("pi_1"));
        var signature = Sign(host, payload);

        host.Clock.Advance(TimeSpan.FromSeconds(301));
        using var late = await PostAsync(host, payload, signature);

        await AssertRefusedAsync(late);
    }

    [Fact]
    public async Task AnEventOfAnotherApiVersionIsRefused()
    {
        await using var host = await StripeSimulation.StartAsync();
        var payload = Event("evt_1", "payment_intent.succeeded", Intent("pi_1"), apiVersion: "2020-08-27");

        using var response = await PostAsync(host, payload, Sign(host, payload));

        await AssertRefusedAsync(response);
    }

    [Fact]
    public async Task AReplayedEventIsAnsweredButAppliedOnce()
    {
        await using var host = await StripeSimulation.StartAsync(standIn: o => o.WebhookUrl = "http://127.0.0.1:9/nowhere");
        var payload = Event("evt_1", "payment_intent.succeeded", Intent("pi_1"));
        using var first = await PostAsync(host, payload, Sign(host, payload));
        await host.Settlement().WaitForAsync(1);

        host.Clock.Advance(TimeSpan.FromSeconds(30));
        using var replay = await PostAsync(host, payload, Sign(host, payload));
        // A later event is applied after anything recorded before it, so once it is, a replay would have been too.
        var marker = Event("evt_2", "payment_intent.succeeded", Intent("pi_2"));
        using var after = await PostAsync(host, marker, Sign(host, marker));
        await host.Settlement().WaitForAsync(2);

        Assert.Equal(HttpStatusCode.OK, replay.StatusCode);
        Assert.True((await replay.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("duplicate").GetBoolean());
        Assert.Equal([new Settled("charge", "pi_1"), new Settled("charge", "pi_2")], host.Settlement().Calls);
    }

    [Fact]
    public async Task EventsOutOfOrderEachSettleByTheIntentNotByTheirOwnContent()
    {
        await using var host = await StripeSimulation.StartAsync(standIn: o => o.WebhookUrl = "http://127.0.0.1:9/nowhere");
        // Refund news before the success it follows, and an old failure last: each only names the intent to settle.
        var refunded = Event("evt_3", "charge.refunded", new JsonObject
        {
            ["id"] = "ch_1", ["object"] = "charge", ["payment_intent"] = "pi_1", ["amount"] = 500, ["amount_refunded"] = 500, ["refunded"] = true,
        });
        var succeeded = Event("evt_2", "payment_intent.succeeded", Intent("pi_1"));
        var failed = Event("evt_1", "payment_intent.payment_failed", Intent("pi_1", status: "requires_payment_method"));

        var sent = 0;
        foreach (var payload in new[] { refunded, succeeded, failed })
        {
            using var response = await PostAsync(host, payload, Sign(host, payload));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal("{\"received\":true}", await response.Content.ReadAsStringAsync());
            await host.Settlement().WaitForAsync(++sent);
        }

        Assert.Equal([new Settled("refund", "pi_1"), new Settled("charge", "pi_1"), new Settled("charge", "pi_1")], host.Settlement().Calls);
    }

    [Fact]
    public async Task AnEventWhoseSettlementFailsIsAppliedAgainLater()
    {
        await using var host = await StripeSimulation.StartAsync(standIn: o => o.WebhookUrl = "http://127.0.0.1:9/nowhere");
        host.Settlement().FailNext = 1;
        var payload = Event("evt_1", "payment_intent.succeeded", Intent("pi_1"));
        using var response = await PostAsync(host, payload, Sign(host, payload));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);

        // The first try failed (nothing recorded); its retry is due a second later on the app's clock.
        var retried = await host.Clock.DriveAsync(host.Settlement().WaitForAsync(1), TimeSpan.FromMilliseconds(250));

        Assert.Equal([new Settled("charge", "pi_1")], retried);
    }

    [Fact]
    public async Task TheStandInsEventsPassTheLibrarysChecksAndSettleEachCharge()
    {
        await using var host = await StripeSimulation.StartAsync();

        var paid = await host.Processor().CreateChargeAsync(Charge(Guid.NewGuid(), StandInTestMethods.Visa), default);
        var declined = await host.Processor().CreateChargeAsync(Charge(Guid.NewGuid(), StandInTestMethods.ChargeDeclined), default);
        await host.Processor().RefundAsync(new RefundRequest(paid.ChargeId!, 12.34m, "refund-1", "test"), default);

        var calls = await host.Settlement().WaitForAsync(3);
        Assert.Equal(
            new[] { new Settled("charge", paid.ChargeId!), new Settled("charge", declined.ChargeId!), new Settled("refund", paid.ChargeId!) }
                .OrderBy(c => (c.Kind, c.ChargeId)),
            calls.OrderBy(c => (c.Kind, c.ChargeId)));
    }

    [Fact]
    public async Task DuplicatedWebhooksAreAppliedOnce()
    {
        await using var host = await StripeSimulation.StartAsync(standIn: o => o.DuplicateWebhooks = true);

        var first = await host.Processor().CreateChargeAsync(Charge(Guid.NewGuid(), StandInTestMethods.Visa), default);
        await host.Settlement().WaitForAsync(1);
        var second = await host.Processor().CreateChargeAsync(Charge(Guid.NewGuid(), StandInTestMethods.Visa), default);
        await host.Settlement().WaitForAsync(2);

        Assert.Equal([new Settled("charge", first.ChargeId!), new Settled("charge", second.ChargeId!)], host.Settlement().Calls);
    }

    [Fact]
    public async Task ADroppedWebhookNeverArrives()
    {
        await using var host = await StripeSimulation.StartAsync(standIn: o => o.DropFirstWebhooks = 1);

        var dropped = await host.Processor().CreateChargeAsync(Charge(Guid.NewGuid(), StandInTestMethods.Visa), default);
        var sent = await host.Processor().CreateChargeAsync(Charge(Guid.NewGuid(), StandInTestMethods.Visa), default);

        Assert.Equal([new Settled("charge", sent.ChargeId!)], await host.Settlement().WaitForAsync(1));
        // The charge itself happened: reconciliation finds it by its order.
        Assert.Equal(ChargeState.Succeeded, (await host.Processor().GetChargeAsync(dropped.ChargeId!, default)).State);
    }

    [Fact]
    public async Task DelayedWebhooksArriveAfterTheDelayAndReorderedOnesNewestFirst()
    {
        await using var host = await StripeSimulation.StartAsync(standIn: o =>
        {
            o.WebhookDelayMs = 10_000;
            o.ReorderWebhooks = true;
        });
        var older = await host.Processor().CreateChargeAsync(Charge(Guid.NewGuid(), StandInTestMethods.Visa), default);
        var newer = await host.Processor().CreateChargeAsync(Charge(Guid.NewGuid(), StandInTestMethods.Visa), default);
        var delivered = host.Settlement().WaitForAsync(2);
        Assert.False(delivered.IsCompleted);

        host.Clock.Advance(TimeSpan.FromSeconds(10));

        // The sender may have read the clock just before it moved and wait a little longer: keep the clock moving.
        Assert.Equal([new Settled("charge", newer.ChargeId!), new Settled("charge", older.ChargeId!)],
            await host.Clock.DriveAsync(delivered, TimeSpan.FromSeconds(1)));
    }

    [Fact]
    public async Task AnUnansweredWebhookIsSentAgainLater()
    {
        // Events go to a path that answers 404 at first: the stand-in keeps them and retries on its clock.
        await using var host = await StripeSimulation.StartAsync(standIn: o => o.WebhookUrl = "http://127.0.0.1:9/nowhere");
        await host.Processor().CreateChargeAsync(Charge(Guid.NewGuid(), StandInTestMethods.Visa), default);
        var sender = host.Get<StripeStandInWebhookSender>();
        await sender.SendDueAsync(default);
        Assert.Empty(host.Settlement().Calls);

        host.StandInOptions().WebhookUrl = new Uri(host.BaseAddress, StripeWebhookEndpoint.Path).ToString();

        Assert.Single(await host.Clock.DriveAsync(host.Settlement().WaitForAsync(1), TimeSpan.FromMilliseconds(250)));
    }

    private static async Task AssertRefusedAsync(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(400, problem.GetProperty("status").GetInt32());
        Assert.Equal(StripeWebhookEndpoint.InvalidSignatureCode, problem.GetProperty("code").GetString());
    }

    private static string Sign(StoreHost host, string payload) =>
        EventUtility.GenerateSignatureHeader(payload, host.StripeOptions().WebhookSecret, host.Clock.GetUtcNow().ToUnixTimeSeconds());

    private static async Task<HttpResponseMessage> PostAsync(StoreHost host, string payload, string? signature)
    {
        using var http = host.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, StripeWebhookEndpoint.Path)
        {
            Content = new StringContent(payload, Encoding.UTF8, "application/json"),
        };
        if (signature is not null) request.Headers.TryAddWithoutValidation("Stripe-Signature", signature);
        return await http.SendAsync(request);
    }

    private static JsonObject Intent(string id, string status = "succeeded") => new()
    {
        ["id"] = id, ["object"] = "payment_intent", ["amount"] = 500, ["currency"] = "usd", ["status"] = status,
    };

    private static string Event(string id, string type, JsonObject dataObject, string? apiVersion = null) => new JsonObject
    {
        ["id"] = id,
        ["object"] = "event",
        ["api_version"] = apiVersion ?? StripeConfiguration.ApiVersion,
        ["created"] = 1_795_000_000,
        ["data"] = new JsonObject { ["object"] = dataObject },
        ["livemode"] = false,
        ["type"] = type,
    }.ToJsonString();
}
